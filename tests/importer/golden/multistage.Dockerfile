# check=error=true
ARG GO_VERSION=1.22
ARG APP=server

# build the binary
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS Build
WORKDIR /src
ENV CGO_ENABLED=0 GOFLAGS="-trimpath -mod=readonly"
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=bind,source=go.mod,target=go.mod \
    go mod download
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    --mount=type=bind,target=. \
    go build -o /out/${APP} ./cmd/${APP} && \
    # keep it small
    strip /out/${APP} && echo "built 'it'" > /out/NOTE

FROM build AS test
RUN --mount=type=secret,id=token,env=TOKEN,required=true go test ./...

FROM alpine:3.20
RUN apk add --no-cache ca-certificates \
 && addgroup -S app && adduser -S app -G app
COPY --from=build --chmod=755 /out/server /usr/local/bin/server
COPY ["docs/read me.txt", "/usr/share/doc/"]
LABEL org.opencontainers.image.title="my server" version=1.0
USER app
EXPOSE 8080/tcp
HEALTHCHECK --interval=30s CMD ["server", "-health"]
RUN <<EOF
echo first
echo second
EOF
ENTRYPOINT ["server"]
CMD ["--port", "8080"]
