# Paintbot image: the bot and the engine worker share it; the command picks the role.
#   docker build -t paintbot .                                   # CPU torch (default)
#   docker build -t paintbot:cuda --build-arg TORCH_INDEX=https://download.pytorch.org/whl/cu128 .
#   docker run --env-file .env -e DATA_DIR=/data -e QUEUE_DB=/data/queue.sqlite3 -e WEB_HOST=0.0.0.0 \
#       -p 127.0.0.1:8080:8080 -v paintbot-data:/data paintbot    # the bot (python -m bot)
#   (-e after --env-file wins: .env.example's DATA_DIR=data and WEB_HOST=127.0.0.1 are for a checkout,
#   and would put the data outside the volume and the web chat out of reach of -p)
#   docker run --gpus all -e REDIS_URL=redis://:PASSWORD@bot-host:6379/0 paintbot:cuda python -m engine worker
# Community styles (/addstyle) get their own models only with training photos: the image holds none
# (the bot then logs that they paint with AdaIN). Mount a folder holding content/ with JPEG, PNG or
# WebP photos, read-only, and point STYLE_TRAINING_DATA at it:
#       -v /srv/paintbot/train:/train:ro -e STYLE_TRAINING_DATA=/train
# (docker-compose.yml: the same under the bot service's volumes and environment.) Training runs in
# the bot's container at low priority, one style at a time.
ARG PYTHON_VERSION=3.11
FROM python:${PYTHON_VERSION}-slim

# Where torch comes from: the CPU wheels by default; a CUDA index for GPU hosts. Its version is
# constraints.txt's, as for `make` (the CUDA build 2.13.0+cu128 satisfies torch==2.13.0).
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATA_DIR=/data \
    QUEUE_DB=/data/queue.sqlite3 \
    METRICS_HOST=0.0.0.0

RUN apt-get update \
 && apt-get install -y --no-install-recommends tini fonts-nanum \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# torch first, in its own layer: it is big and changes rarely.
COPY constraints.txt ./
RUN pip install -c constraints.txt torch --index-url "${TORCH_INDEX}"

# Dependencies next (cached while only the code changes), then the code; under the same
# constraints as `make install`, which also keep the torch installed above.
COPY pyproject.toml README.md ./
RUN python -c "import tomllib; deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; \
print('\\n'.join(d for d in deps if not d.startswith('torch')))" > /tmp/requirements.txt \
 && pip install -c constraints.txt -r /tmp/requirements.txt

COPY engine ./engine
COPY styles ./styles
COPY bot ./bot
RUN pip install --no-deps . \
 && useradd --create-home --uid 1000 paintbot \
 && mkdir -p /data && chown paintbot /data

# by number: a runtime that checks "runAsNonRoot" (Kubernetes) cannot resolve a name
USER 1000
VOLUME ["/data"]
# /healthz and /metrics when METRICS_PORT is set (METRICS_HOST above: the default, 127.0.0.1, is
# the container's own, out of reach of -p); the web chat on 8080.
EXPOSE 8080 9100

# tini passes SIGTERM on, so the bot and the worker drain before they exit.
ENTRYPOINT ["tini", "--"]
CMD ["python", "-m", "bot"]
