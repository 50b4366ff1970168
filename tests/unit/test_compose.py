"""Static coherence checks for the container setup: Dockerfile, .dockerignore, docker-compose.yml.

No Docker engine is needed: the files are parsed as text/YAML and cross-checked so that a
renamed service, a mismatched port or credential, or a reordered torch install fails here
instead of at `docker compose up` time. Plain synchronous tests; no conftest fixtures used.
"""

from __future__ import annotations

import functools
import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
DOCKERFILE = REPO_ROOT / "Dockerfile"
DOCKERIGNORE = REPO_ROOT / ".dockerignore"

APP_SERVICES = ("migrate", "api")
TORCH_PIN = "torch==2.13.0"
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"


# --------------------------------------------------------------------------- compose helpers


@functools.cache
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE_FILE.read_text())
    assert isinstance(data, dict), "docker-compose.yml must be a mapping"
    return data


def service(name: str) -> dict[str, Any]:
    services = compose().get("services") or {}
    assert name in services, f"service {name!r} missing from docker-compose.yml"
    return services[name]


def environment(svc: dict[str, Any]) -> dict[str, str]:
    """Service environment as a dict, accepting both mapping and `KEY=VALUE` list syntax."""
    env = svc.get("environment") or {}
    if isinstance(env, list):
        return dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {key: "" if value is None else str(value) for key, value in env.items()}


def argv(command: str | list[str]) -> list[str]:
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


def option(args: list[str], name: str) -> str | None:
    """Value of `--name value` or `--name=value` in an argv list."""
    for index, arg in enumerate(args):
        if arg == name and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def depends_on(svc: dict[str, Any]) -> dict[str, str]:
    """Dependency name -> condition (the short list form means `service_started`)."""
    deps = svc.get("depends_on") or {}
    if isinstance(deps, list):
        return dict.fromkeys(deps, "service_started")
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def healthcheck_text(svc: dict[str, Any]) -> str:
    test = (svc.get("healthcheck") or {}).get("test")
    assert test, "healthcheck.test missing"
    return test if isinstance(test, str) else " ".join(str(part) for part in test)


def readyz_ports(text: str) -> set[int]:
    """Ports of every http(s) URL in `text` whose path is /readyz."""
    ports = set()
    for url in re.findall(r"https?://[^\s'\"]+", text):
        parts = urlsplit(url)
        if parts.path.rstrip("/") == "/readyz":
            ports.add(parts.port or (443 if parts.scheme == "https" else 80))
    return ports


def published_container_ports(svc: dict[str, Any]) -> set[int]:
    ports = set()
    for entry in svc.get("ports") or []:
        if isinstance(entry, dict):
            ports.add(int(entry["target"]))
        else:
            ports.add(int(str(entry).rsplit(":", 1)[-1].split("/")[0]))
    return ports


def build_context(svc: dict[str, Any]) -> str:
    build = svc.get("build")
    assert build is not None, "service must be built from this repository (`build:`)"
    context = build if isinstance(build, str) else build.get("context", ".")
    return str(Path(context))


def never_empty(value: str) -> bool:
    """True if a compose value cannot interpolate to an empty string."""
    match = re.fullmatch(r"\$\{(\w+)(?:(:?[-?])(.*))?\}", value)
    if not match:
        return bool(value) and "$" not in value.replace("$$", "")
    _, operator, default = match.groups()
    return operator == ":?" or (operator == ":-" and bool(default))


# --------------------------------------------------------------------------- Dockerfile helpers


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str
    stage: int


@functools.cache
def dockerfile() -> tuple[Instruction, ...]:
    """Logical instructions: continuations joined, comment and blank lines dropped."""
    logical: list[str] = []
    pending: list[str] = []
    for raw in DOCKERFILE.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending.append(line[:-1].strip())
            continue
        logical.append(" ".join([*pending, line]))
        pending = []
    assert not pending, "Dockerfile ends inside a line continuation"

    instructions, stage = [], -1
    for line in logical:
        keyword, _, args = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            stage += 1
        instructions.append(Instruction(keyword, args.strip(), stage))
    return tuple(instructions)


def stage_names() -> dict[str, int]:
    names = {}
    for ins in dockerfile():
        if ins.keyword == "FROM":
            words = ins.args.split()
            if len(words) >= 3 and words[-2].upper() == "AS":
                names[words[-1]] = ins.stage
    return names


def stage_base(stage: int) -> str:
    return next(ins.args.split()[0] for ins in dockerfile() if ins.keyword == "FROM" and ins.stage == stage)


def final_stage() -> list[Instruction]:
    last = dockerfile()[-1].stage
    return [ins for ins in dockerfile() if ins.stage == last]


def final(keyword: str) -> list[Instruction]:
    return [ins for ins in final_stage() if ins.keyword == keyword]


def final_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for ins in final("ENV"):
        tokens = shlex.split(ins.args)
        if tokens and "=" not in tokens[0]:  # legacy `ENV KEY value`
            env[tokens[0]] = " ".join(tokens[1:])
        else:
            env.update(token.split("=", 1) for token in tokens)
    return env


def exposed_port() -> int:
    exposes = final("EXPOSE")
    assert len(exposes) == 1, "final stage must EXPOSE exactly one port"
    return int(exposes[0].args.split()[0].split("/")[0])


def image_cmd() -> list[str]:
    cmds = final("CMD")
    assert cmds, "final stage has no CMD"
    return json.loads(cmds[-1].args)


def is_pip_install_of_project(run_args: str) -> bool:
    for command in re.split(r"&&|;", run_args):
        tokens = shlex.split(command)
        if "pip" in tokens and "install" in tokens and "." in tokens[tokens.index("install") :]:
            return True
    return False


def dockerignore_patterns() -> list[str]:
    lines = (line.strip() for line in DOCKERIGNORE.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def dockerignore_regex(pattern: str) -> re.Pattern[str]:
    """Translate a .dockerignore glob (`**`, `*`, `?`) into a regex over slash-separated paths."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out)


def is_dockerignored(path: str) -> bool:
    """A path is excluded if it or any parent directory matches; later `!` lines re-include."""
    parts = path.strip("/").split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    ignored = False
    for line in dockerignore_patterns():
        negate = line.startswith("!")
        regex = dockerignore_regex(line.lstrip("!").strip("/"))
        if any(regex.fullmatch(prefix) for prefix in prefixes):
            ignored = not negate
    return ignored


# --------------------------------------------------------------------------- compose tests


def test_compose_defines_db_migrate_and_api_services() -> None:
    assert {"db", "migrate", "api"} <= set(compose()["services"])


def test_db_uses_official_pgvector_image() -> None:
    assert service("db")["image"].startswith("pgvector/pgvector:")


def test_db_healthcheck_runs_pg_isready_with_its_own_credentials() -> None:
    db_env = environment(service("db"))
    check = healthcheck_text(service("db"))
    assert "pg_isready" in check
    assert f"-U {db_env['POSTGRES_USER']}" in check
    assert f"-d {db_env['POSTGRES_DB']}" in check


def test_app_services_build_the_same_image_from_this_repo() -> None:
    contexts = {build_context(service(name)) for name in APP_SERVICES}
    assert len(contexts) == 1, f"migrate and api must share one build context, got {contexts}"
    assert (REPO_ROOT / contexts.pop() / "Dockerfile").is_file()
    images = {service(name).get("image") for name in APP_SERVICES}
    assert len(images) == 1, f"migrate and api must tag the same image, got {images}"


def test_app_services_share_a_database_url_pointing_at_the_db_service() -> None:
    urls = {environment(service(name)).get("DATABASE_URL") for name in APP_SERVICES}
    assert len(urls) == 1, f"migrate and api must use one DATABASE_URL, got {urls}"
    url = urlsplit(urls.pop() or "")
    db_env = environment(service("db"))
    assert url.scheme == "postgresql+asyncpg"
    assert url.hostname == "db" and "db" in compose()["services"]
    assert url.port == 5432
    assert url.username == db_env["POSTGRES_USER"]
    assert url.password == db_env["POSTGRES_PASSWORD"]
    assert url.path.lstrip("/") == db_env["POSTGRES_DB"]


def test_app_services_run_in_production_with_a_secret_key() -> None:
    for name in APP_SERVICES:
        env = environment(service(name))
        assert env.get("MENTORMATCH_ENV") == "production", name
        assert never_empty(env.get("SECRET_KEY", "")), f"{name}: SECRET_KEY may end up empty"


def test_migrate_runs_once_after_the_database_is_healthy() -> None:
    migrate = service("migrate")
    assert argv(migrate["command"])[:2] == ["mentormatch", "migrate"]
    assert depends_on(migrate).get("db") == "service_healthy"
    assert migrate.get("restart") == "no"


def test_api_waits_for_healthy_db_and_completed_migrations() -> None:
    deps = depends_on(service("api"))
    assert deps.get("db") == "service_healthy"
    assert deps.get("migrate") == "service_completed_successfully"


def test_api_serves_publishes_exposes_and_healthchecks_one_port() -> None:
    api = service("api")
    command = argv(api["command"]) if "command" in api else image_cmd()
    assert command[:2] == ["mentormatch", "serve"]
    assert option(command, "--host") == "0.0.0.0"
    serve_port = int(option(command, "--port") or 0)
    assert published_container_ports(api) == {serve_port}
    assert readyz_ports(healthcheck_text(api)) == {serve_port}
    assert exposed_port() == serve_port


def test_every_named_volume_is_declared() -> None:
    declared = set(compose().get("volumes") or {})
    used = set()
    for svc in compose()["services"].values():
        for volume in svc.get("volumes") or []:
            if isinstance(volume, dict):
                if volume.get("type", "volume") == "volume" and volume.get("source"):
                    used.add(volume["source"])
            elif ":" in volume and not volume.startswith((".", "/", "~", "$")):
                used.add(volume.split(":", 1)[0])
    assert used, "db data should live in a named volume"
    assert used <= declared, f"undeclared named volumes: {used - declared}"


# --------------------------------------------------------------------------- Dockerfile tests


def test_dockerfile_installs_cpu_torch_before_the_project() -> None:
    runs = [(i, ins) for i, ins in enumerate(dockerfile()) if ins.keyword == "RUN"]
    torch = [(i, ins) for i, ins in runs if TORCH_PIN in ins.args and TORCH_CPU_INDEX in ins.args]
    project = [(i, ins) for i, ins in runs if is_pip_install_of_project(ins.args)]
    assert torch, f"no RUN installs {TORCH_PIN} from {TORCH_CPU_INDEX}"
    assert project, "no RUN does `pip install .`"
    (torch_at, torch_ins), (project_at, project_ins) = torch[0], project[0]
    assert torch_ins.stage == project_ins.stage
    assert torch_at < project_at, "CPU torch must be installed before `pip install .`"
    assert "-e" not in shlex.split(project_ins.args), "project install must not be editable"


def test_dockerfile_builds_python_on_311_slim_and_frontend_on_node_20() -> None:
    assert stage_base(final_stage()[0].stage) == "python:3.11-slim"
    node_stages = [s for s in stage_names().values() if stage_base(s) == "node:20-slim"]
    assert len(node_stages) == 1
    node_runs = " ".join(i.args for i in dockerfile() if i.keyword == "RUN" and i.stage == node_stages[0])
    assert "npm ci" in node_runs and "npm run build" in node_runs


def test_built_frontend_is_copied_where_the_app_looks_for_it() -> None:
    env = final_env()
    frontend_dir = env.get("MENTORMATCH_FRONTEND_DIR")
    assert frontend_dir, "MENTORMATCH_FRONTEND_DIR must be set in the image"
    names = stage_names()
    copies = []
    for ins in final("COPY"):
        tokens = shlex.split(ins.args)
        source_stage = next((t.split("=", 1)[1] for t in tokens if t.startswith("--from=")), None)
        paths = [t for t in tokens if not t.startswith("--")]
        if source_stage in names and stage_base(names[source_stage]).startswith("node:"):
            copies.append((paths[0], paths[-1]))
    assert copies, "final stage never copies the built frontend from the node stage"
    assert any(src.rstrip("/").endswith("dist") and dst.rstrip("/") == frontend_dir for src, dst in copies)


def test_dockerfile_sets_runtime_environment() -> None:
    env = final_env()
    assert env.get("HF_HUB_OFFLINE") == "1"
    assert env.get("PYTHONUNBUFFERED") == "1"


def test_dockerfile_runs_as_non_root_user() -> None:
    users = final("USER")
    assert users, "final stage has no USER"
    user = users[-1].args.split(":")[0]
    assert user not in {"root", "0"}


def test_dockerfile_healthcheck_probes_readyz_without_curl() -> None:
    checks = final("HEALTHCHECK")
    assert len(checks) == 1
    assert readyz_ports(checks[0].args) == {exposed_port()}
    assert "urllib" in checks[0].args and "curl" not in checks[0].args


def test_dockerfile_cmd_serves_on_all_interfaces_on_the_exposed_port() -> None:
    cmd = image_cmd()
    assert cmd[:2] == ["mentormatch", "serve"]
    assert option(cmd, "--host") == "0.0.0.0"
    assert option(cmd, "--port") == str(exposed_port())


def test_dockerfile_copy_sources_exist_and_are_not_dockerignored() -> None:
    for ins in dockerfile():
        if ins.keyword != "COPY" or "--from=" in ins.args:
            continue
        *sources, _dest = [t for t in shlex.split(ins.args) if not t.startswith("--")]
        for source in sources:
            assert not is_dockerignored(source), f"COPY {source} is excluded by .dockerignore"
            # frontend/ is produced by another workstream; only backend-side inputs must exist now.
            if not source.startswith("frontend/"):
                assert (REPO_ROOT / source).exists(), f"COPY source {source} does not exist"


# --------------------------------------------------------------------------- .dockerignore


def test_dockerignore_excludes_local_environments_and_build_output() -> None:
    for path in (".venv", "node_modules", "frontend/node_modules", "frontend/dist", ".git"):
        assert is_dockerignored(path), f"{path} should be in .dockerignore"
    for path in ("pyproject.toml", "README.md", "backend/mentormatch/__init__.py"):
        assert not is_dockerignored(path), f"{path} is needed by the image build"
