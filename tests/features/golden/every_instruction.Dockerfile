# syntax=docker/dockerfile:1
ARG BASE=alpine:3.19

FROM busybox AS deps
RUN --mount=type=cache,target=/root/.npm,id=npm,sharing=locked,mode=0755,uid=1000 \
  npm ci

FROM --platform=linux/amd64 $BASE AS app
LABEL org.opencontainers.image.title="my app"
LABEL version=1.0
ENV GREETING="say \"hi\" there"
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN,required=true --mount=type=ssh --mount=type=tmpfs,target=/scratch,size=64m --mount=type=bind,source=/app/node_modules,target=/app/node_modules,from=deps --network=none \
  make build --jobs 4 --define A=1 --define B=2
RUN <<EOF
set -e
if [ -f x ]; then
  echo yes
fi
EOF
COPY --chown=1000:1000 --chmod=644 --exclude=*.md ["a.txt", "my file.txt", "/app/"]
ADD --checksum=sha256:abc https://example.com/x.tgz /opt/
USER app:app
EXPOSE 8080 53/udp
VOLUME ["/data"]
HEALTHCHECK --interval=30s --retries=3 CMD ["curl", "-f", "http://localhost/"]
SHELL ["/bin/sh", "-c"]
STOPSIGNAL SIGTERM
ONBUILD RUN echo hi
# done
CMD python app.py
# raw line
