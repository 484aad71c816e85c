"""The container setup: docker-compose.yml, Dockerfile, .env.example and .dockerignore.

Plain file checks, no Docker and no database: they catch a service that points at the wrong host, a
command that would not start, or a setting nobody documented.
"""

import ast
import json
import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "beat")
# ${NAME}, ${NAME:-default} and ${NAME-default}, as docker compose interpolates them.
INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?-)(?P<default>[^}]*))?\}")
ENV_ASSIGNMENT = re.compile(r"^\s*(?P<commented>#\s*)?(?P<name>[A-Z][A-Z0-9_]*)=", re.MULTILINE)
SETTINGS_ENV_READ = re.compile(r"\benv\.(?:[a-z_]+)\(\s*[\"'](?P<name>[A-Z][A-Z0-9_]*)[\"']")


# --- helpers ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


@pytest.fixture(scope="module")
def env_example_names() -> set[str]:
    """Variables given a value in .env.example (active, or commented out to keep a computed default)."""
    return {m["name"] for m in ENV_ASSIGNMENT.finditer((ROOT / ".env.example").read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def env_example_active() -> dict[str, str]:
    values = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


@pytest.fixture(scope="module")
def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    lines = [
        line for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("#")
    ]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    instructions = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, arguments = line.strip().partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def interpolate(value: str, environ: dict[str, str] | None = None) -> str:
    """Resolve ${...} the way docker compose does, against `environ` (empty by default)."""
    environ = environ or {}

    def replace(match: re.Match) -> str:
        name, op, default = match["name"], match["op"], match["default"] or ""
        if op == ":-":
            return environ.get(name) or default
        if op == "-":
            return environ.get(name, default)
        return environ.get(name, "")

    return INTERPOLATION.sub(replace, value)


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.partition("=")[::2] for item in env)
    return {name: str(value) for name, value in env.items()}


def command_words(service: dict) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else [str(word) for word in command]


def volume_mounts(service: dict) -> dict[str, str]:
    """Container path -> source of each short-syntax volume."""
    mounts = {}
    for entry in service.get("volumes", []):
        source, target = entry.split(":")[:2]
        mounts[target] = source
    return mounts


# --- services -----------------------------------------------------------------------------------
def test_compose_services_are_exactly_the_six_expected(services):
    assert set(services) == {"postgres", "redis", "web", "worker", "beat", "mailpit"}


def test_app_services_share_build_and_image(services):
    assert services["web"]["build"] == "."
    assert services["web"]["image"]
    for name in ("worker", "beat"):
        assert services[name]["build"] == services["web"]["build"]
        assert services[name]["image"] == services["web"]["image"]


def test_app_services_database_url_points_at_postgres_service(services):
    urls = {name: environment(services[name])["DATABASE_URL"] for name in APP_SERVICES}
    assert len(set(urls.values())) == 1, urls
    url = urlsplit(urls["web"])
    assert url.scheme in {"postgres", "postgresql"}
    assert url.hostname == "postgres"
    assert url.port == 5432


def test_app_services_database_url_matches_postgres_credentials(services):
    url = urlsplit(environment(services["web"])["DATABASE_URL"])
    postgres_env = environment(services["postgres"])
    assert url.username == postgres_env["POSTGRES_USER"]
    assert url.password == postgres_env["POSTGRES_PASSWORD"]
    assert url.path.lstrip("/") == postgres_env["POSTGRES_DB"]


def test_app_services_redis_url_points_at_redis_service(services):
    urls = {name: environment(services[name])["REDIS_URL"] for name in APP_SERVICES}
    assert len(set(urls.values())) == 1, urls
    url = urlsplit(urls["web"])
    assert url.scheme == "redis"
    assert url.hostname == "redis"
    assert url.port == 6379


def test_app_services_environment_is_identical_apart_from_gunicorn_workers(services):
    web_env = environment(services["web"])
    web_env.pop("GUNICORN_WORKERS", None)
    for name in ("worker", "beat"):
        assert environment(services[name]) == web_env


def test_app_services_run_with_debug_off(services):
    for name in APP_SERVICES:
        assert environment(services[name])["DEBUG"] == "false"


def test_app_services_secret_key_is_overridable_and_has_a_default(services):
    secret = environment(services["web"])["SECRET_KEY"]
    assert secret.startswith("${SECRET_KEY:-")
    assert len(interpolate(secret)) >= 50
    assert interpolate(secret, {"SECRET_KEY": "from-the-host"}) == "from-the-host"


def test_app_services_allowed_hosts_always_admit_the_healthcheck_host(services):
    raw = environment(services["web"])["ALLOWED_HOSTS"]
    assert "127.0.0.1" in interpolate(raw).split(",")
    overridden = interpolate(raw, {"ALLOWED_HOSTS": "portal.example.org"}).split(",")
    assert overridden == ["portal.example.org", "127.0.0.1"]


def test_app_services_env_file_is_optional_dotenv(services):
    for name in APP_SERVICES:
        assert services[name]["env_file"] == [{"path": ".env", "required": False}]


def test_web_command_runs_migrations_before_gunicorn(services):
    script = " ".join(command_words(services["web"]))
    assert "python manage.py migrate --noinput" in script
    assert "gunicorn config.wsgi:application" in script
    assert script.index("migrate") < script.index("gunicorn")
    assert "--bind 0.0.0.0:8000" in script


def test_web_publishes_port_8000(services):
    assert "8000:8000" in services["web"]["ports"]


def test_web_healthcheck_requests_health_endpoint(services):
    check = services["web"]["healthcheck"]["test"]
    assert check[:3] == ["CMD", "python", "-c"]
    assert "urllib" in check[3]
    assert "http://127.0.0.1:8000/health/" in check[3]


def test_health_endpoint_is_routed():
    urls = (ROOT / "config" / "urls.py").read_text(encoding="utf-8")
    assert re.search(r"""path\(\s*["']health/["']""", urls)


def test_worker_command_runs_celery_worker(services):
    assert command_words(services["worker"])[:4] == ["celery", "-A", "config", "worker"]


def test_beat_command_runs_celery_beat_with_schedule_in_tmp(services):
    words = command_words(services["beat"])
    assert words[:4] == ["celery", "-A", "config", "beat"]
    schedule = words[words.index("--schedule") + 1]
    assert schedule.startswith("/tmp/")


def test_celery_app_module_exists_for_dash_a_config():
    source = (ROOT / "config" / "celery.py").read_text(encoding="utf-8")
    assert re.search(r"^app\s*=\s*Celery\(", source, re.MULTILINE)


def test_web_depends_on_postgres_and_redis_being_healthy(services):
    depends_on = services["web"]["depends_on"]
    assert depends_on["postgres"]["condition"] == "service_healthy"
    assert depends_on["redis"]["condition"] == "service_healthy"


def test_postgres_healthcheck_uses_pg_isready(services):
    check = services["postgres"]["healthcheck"]["test"]
    assert check[0] in {"CMD", "CMD-SHELL"}
    assert "pg_isready" in " ".join(check[1:])


def test_redis_healthcheck_pings_redis(services):
    check = services["redis"]["healthcheck"]["test"]
    assert check == ["CMD", "redis-cli", "ping"]


def test_postgres_data_is_on_declared_named_volume(compose, services):
    source = volume_mounts(services["postgres"])["/var/lib/postgresql/data"]
    assert not source.startswith((".", "/"))
    assert source in compose["volumes"]


def test_app_uploads_are_on_declared_named_volumes(compose, services):
    for name in APP_SERVICES:
        env = environment(services[name])
        mounts = volume_mounts(services[name])
        for variable in ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"):
            assert mounts[env[variable]] in compose["volumes"]


def test_email_url_points_at_mail_catcher_smtp_port(services):
    url = urlsplit(environment(services["web"])["EMAIL_URL"])
    assert url.scheme == "smtp"
    assert url.hostname == "mailpit"
    assert url.port == 1025
    assert services["mailpit"]["image"].startswith("axllent/mailpit")
    assert "1025:1025" in services["mailpit"]["ports"]
    assert "8025:8025" in services["mailpit"]["ports"]


# --- .env.example -------------------------------------------------------------------------------
def test_compose_app_environment_is_documented_in_env_example(services, env_example_names):
    names = set().union(*(environment(services[name]) for name in APP_SERVICES))
    assert names - env_example_names == set()


def test_settings_env_variables_are_documented_in_env_example(env_example_names):
    source = (ROOT / "config" / "settings.py").read_text(encoding="utf-8")
    read = {m["name"] for m in SETTINGS_ENV_READ.finditer(source)}
    assert {"SECRET_KEY", "DATABASE_URL", "EMAIL_URL", "LOG_LEVEL"} <= read  # the regex finds them
    assert read - env_example_names == set()


def test_env_example_development_values_need_no_server(env_example_active):
    assert env_example_active["DATABASE_URL"].startswith("sqlite:")
    assert env_example_active["REDIS_URL"] == ""
    assert env_example_active["EMAIL_URL"] == "consolemail://"


def test_env_example_shows_production_url_examples():
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert re.search(r"^#\s*DATABASE_URL=postgres://", text, re.MULTILINE)
    assert re.search(r"^#\s*REDIS_URL=redis://", text, re.MULTILINE)
    assert re.search(r"^#\s*EMAIL_URL=smtp\+tls://", text, re.MULTILINE)


# --- Dockerfile ---------------------------------------------------------------------------------
def test_dockerfile_uses_python_313_slim_bookworm(dockerfile_instructions):
    assert dockerfile_instructions[0] == ("FROM", "python:3.13-slim-bookworm")


def test_dockerfile_cmd_target_wsgi_module_exists(dockerfile_instructions):
    cmd = [args for keyword, args in dockerfile_instructions if keyword == "CMD"]
    assert len(cmd) == 1
    command = " ".join(json.loads(cmd[0]))
    match = re.search(r"gunicorn\s+(?P<module>[\w.]+):(?P<attribute>\w+)", command)
    assert match["module"] == "config.wsgi"
    module_file = ROOT.joinpath(*match["module"].split(".")).with_suffix(".py")
    assert module_file.is_file()
    tree = ast.parse(module_file.read_text(encoding="utf-8"))
    assigned = {target.id for node in tree.body if isinstance(node, ast.Assign)
                for target in node.targets if isinstance(target, ast.Name)}
    assert match["attribute"] in assigned


def test_dockerfile_cmd_binds_8000_with_configurable_workers_and_access_log(dockerfile_instructions):
    command = " ".join(json.loads(next(a for k, a in dockerfile_instructions if k == "CMD")))
    assert "--bind 0.0.0.0:8000" in command
    assert "${GUNICORN_WORKERS:-2}" in command
    assert "--access-logfile -" in command


def test_dockerfile_exposes_port_8000(dockerfile_instructions):
    assert ("EXPOSE", "8000") in dockerfile_instructions


def test_dockerfile_runs_as_non_root_user(dockerfile_instructions):
    users = [args for keyword, args in dockerfile_instructions if keyword == "USER"]
    assert users
    assert users[-1] not in {"root", "0"}


def test_dockerfile_installs_weasyprint_libraries(dockerfile_instructions):
    runs = " ".join(args for keyword, args in dockerfile_instructions if keyword == "RUN")
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "gettext"):
        assert re.search(rf"(?<![\w.-]){re.escape(package)}(?![\w.-])", runs), package


def test_dockerfile_builds_catalogs_and_static_files_before_dropping_root(dockerfile_instructions):
    keywords = [keyword for keyword, _ in dockerfile_instructions]
    runs = [(i, args) for i, (keyword, args) in enumerate(dockerfile_instructions) if keyword == "RUN"]
    build_step = next(i for i, args in runs if "collectstatic --noinput" in args)
    assert "manage.py compile_catalogs" in dockerfile_instructions[build_step][1]
    assert "SECRET_KEY=" in dockerfile_instructions[build_step][1]
    assert build_step < keywords.index("USER")


def test_dockerfile_puts_project_before_site_packages(dockerfile_instructions):
    env = " ".join(args for keyword, args in dockerfile_instructions if keyword == "ENV")
    workdir = next(args for keyword, args in dockerfile_instructions if keyword == "WORKDIR")
    assert f"PYTHONPATH={workdir}" in env.split()


def test_dockerignore_excludes_local_state_and_secrets():
    patterns = {
        line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    expected = {".venv", ".git", ".env", "db.sqlite3", "media", "private", "staticfiles",
                "tests/artifacts", "**/__pycache__"}
    assert expected - patterns == set()
