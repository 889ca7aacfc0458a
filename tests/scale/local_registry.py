"""A real registry for the tests: Debian's `docker-registry` (registry 2.8) on 127.0.0.1 at a
free port with its own config and storage, images pushed there from the local engine, and a
token-auth front (`TokenFront`) that makes clients go through the Bearer token flow."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json"
MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def system_engine_env() -> dict[str, str]:
    """The environment that reaches the system daemon (20.10 treats 127.0.0.0/8 registries as insecure)."""
    return {k: v for k, v in os.environ.items() if k not in ("DOCKER_HOST", "DOCKER_CONTEXT")}


class LocalRegistry:
    """`docker-registry serve` on 127.0.0.1:<port>; `stop()` ends it and removes its storage."""

    def __init__(self, workdir: Path) -> None:
        binary = shutil.which("docker-registry")
        if binary is None:
            subprocess.run(
                ["apt-get", "install", "-y", "-q", "docker-registry"],
                check=True,
                capture_output=True,
                env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"),
                timeout=600,
            )
            binary = shutil.which("docker-registry")
        assert binary, "docker-registry is not installed (apt-get install docker-registry)"
        self.port = free_port()
        self.host = f"127.0.0.1:{self.port}"
        self.storage = workdir / "storage"
        config = workdir / "config.yml"
        config.write_text(
            "version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n"
            f"    rootdirectory: {self.storage}\n  delete:\n    enabled: true\nhttp:\n  addr: {self.host}\n"
        )
        self.log = open(workdir / "registry.log", "w")  # noqa: SIM115 -- closed in stop()
        self.process = subprocess.Popen(
            [binary, "serve", str(config)], stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://{self.host}/v2/", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                pass
            assert self.process.poll() is None, (workdir / "registry.log").read_text()
            assert time.monotonic() < deadline, "the registry did not answer within 30 s"
            time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def push(self, local_image: str, name: str) -> str:
        """Push `local_image` as `<host>/<name>` from the system engine; returns the engine's
        own digest for it (RepoDigests)."""
        env = system_engine_env()
        target = f"{self.host}/{name}"
        subprocess.run(["docker", "tag", local_image, target], check=True, capture_output=True, env=env)
        subprocess.run(["docker", "push", target], check=True, capture_output=True, env=env, timeout=300)
        repo = target.rsplit(":", 1)[0]
        digests = subprocess.run(
            ["docker", "inspect", "--format", "{{json .RepoDigests}}", target],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        ).stdout
        matches = [d for d in json.loads(digests) if d.startswith(repo + "@")]
        assert matches, digests
        return matches[0].split("@", 1)[1]

    def head(self, repository: str, reference: str, accept: str = MANIFEST_V2) -> tuple[str, int]:
        request = urllib.request.Request(
            f"http://{self.host}/v2/{repository}/manifests/{reference}",
            method="HEAD",
            headers={"Accept": accept},
        )
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.headers["Docker-Content-Digest"], int(reply.headers["Content-Length"])

    def put_manifest_list(self, repository: str, tag: str, entries: list[tuple[str, str]]) -> str:
        """Put a manifest list of (tag already pushed, platform) entries; returns its digest."""
        manifests = []
        for source_tag, platform in entries:
            digest, size = self.head(repository, source_tag)
            os_, arch, *variant = platform.split("/")
            entry_platform = {"architecture": arch, "os": os_}
            if variant:
                entry_platform["variant"] = variant[0]
            manifests.append(
                {"mediaType": MANIFEST_V2, "digest": digest, "size": size, "platform": entry_platform}
            )
        body = json.dumps({"schemaVersion": 2, "mediaType": MANIFEST_LIST, "manifests": manifests}).encode()
        request = urllib.request.Request(
            f"http://{self.host}/v2/{repository}/manifests/{tag}",
            data=body,
            method="PUT",
            headers={"Content-Type": MANIFEST_LIST},
        )
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.headers["Docker-Content-Digest"]


class TokenFront:
    """An HTTP front on 127.0.0.1 that asks for a Bearer token (the Docker Hub flow: 401 with
    `WWW-Authenticate: Bearer realm=...,service=...,scope=...`, token from /token) and passes
    authorized requests on to the registry. `token_requests` records each /token query."""

    TOKEN = "scale-test-token"

    def __init__(self, backend: str) -> None:
        self.port = free_port()
        self.host = f"127.0.0.1:{self.port}"
        self.token_requests: list[dict[str, list[str]]] = []
        front = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                if url.path == "/token":
                    front.token_requests.append(urllib.parse.parse_qs(url.query))
                    self.reply(
                        200, {"Content-Type": "application/json"}, json.dumps({"token": front.TOKEN}).encode()
                    )
                    return
                if self.headers.get("Authorization") != f"Bearer {front.TOKEN}":
                    repo = url.path.removeprefix("/v2/").split("/manifests/")[0].split("/blobs/")[0]
                    challenge = (
                        f'Bearer realm="http://{front.host}/token",service="scale-test",'
                        f'scope="repository:{repo}:pull"'
                    )
                    self.reply(401, {"WWW-Authenticate": challenge}, b'{"errors":[{"code":"UNAUTHORIZED"}]}')
                    return
                request = urllib.request.Request(
                    f"http://{backend}{self.path}", headers={"Accept": self.headers.get("Accept", "*/*")}
                )
                try:
                    with urllib.request.urlopen(request, timeout=30) as upstream:
                        headers = {
                            k: v
                            for k, v in upstream.headers.items()
                            if k in ("Content-Type", "Docker-Content-Digest")
                        }
                        self.reply(upstream.status, headers, upstream.read())
                except urllib.error.HTTPError as error:
                    self.reply(error.code, {"Content-Type": "application/json"}, error.read())

            def reply(self, status: int, headers: dict[str, str], body: bytes) -> None:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
