"""METRICS_HOST's default is 127.0.0.1 (engine/queue/settings.py): inside a container that is the
container's own loopback, which a published port (-p, docker-compose.yml's ports) and a scraper on
the compose network cannot reach. The image and the compose file set 0.0.0.0 themselves, and
.env.example must not set it (a value in .env, read by --env-file and env_file, would override
the image's). Checked as text: no Docker daemon runs here (tests/test_dockerfile.py)."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def service_environment(service: str) -> str:
    """The ``environment:`` block of one service of docker-compose.yml, as text."""
    compose = (ROOT / "docker-compose.yml").read_text()
    block = re.search(rf"^  {service}:\n(.*?)(?=^  \S|^\S)", compose, re.M | re.S)
    assert block, f"no service {service} in docker-compose.yml"
    env = re.search(r"^    environment:.*?\n((?:      .*\n)+)", block[1], re.M)
    assert env, f"the service {service} has no environment"
    return env[1]


def test_the_image_listens_for_metrics_on_every_address_of_the_container():
    dockerfile = (ROOT / "Dockerfile").read_text()
    env = re.search(r"^ENV ((?:.*\\\n)*.*)$", dockerfile, re.M)[1]
    assert re.search(r"\bMETRICS_HOST=0\.0\.0\.0\b", env), env


def test_each_compose_service_with_metrics_listens_on_every_address():
    for service in ("bot", "worker"):
        env = service_environment(service)
        assert re.search(r"^\s+METRICS_PORT:", env, re.M), (service, env)
        assert re.search(r"^\s+METRICS_HOST: \"?0\.0\.0\.0\"?\s*(#.*)?$", env, re.M), (service, env)


def test_env_example_does_not_override_the_images_metrics_host():
    lines = (ROOT / ".env.example").read_text().splitlines()
    assert not [line for line in lines if line.startswith("METRICS_HOST=")]
    assert "# METRICS_HOST=127.0.0.1" in lines
