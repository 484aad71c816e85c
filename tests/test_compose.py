"""docker-compose.yml, checked for what it means rather than how it is written.

Each `check_*` function validates one concern of the parsed compose file and returns a list of
problems (empty when all is well). The real file must give no problem; a deliberately broken copy
must give exactly the problem it was broken for, so every check is known to be able to fail.
No Docker and no database are needed.
"""

import ast
import json
import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.conf import settings
from django.urls import Resolver404
from django.urls import resolve

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"

# The services built from the Dockerfile, by role.
APP_ROLES = ("web", "worker", "beat")
# postgres and redis gate the start of the app services; web's check is the one the README documents.
HEALTH_CHECKED = ("postgres", "redis", "web")
# Settings that name upload directories: they must outlive the container.
UPLOAD_DIRS = ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT")
DEPENDS_ON_CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}

SETTINGS_ENV_READ = re.compile(r"\benv(?:\.[a-z_]+)?\(\s*[\"'](?P<name>[A-Z][A-Z0-9_]*)[\"']")
ENV_EXAMPLE_ASSIGNMENT = re.compile(r"^\s*(?:#\s*)?(?P<name>[A-Z][A-Z0-9_]*)=", re.MULTILINE)
# Compose interpolation: ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, $NAME.
INTERPOLATION = re.compile(
    r"\$(?:\{(?P<braced>[A-Za-z_]\w*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}|(?P<bare>[A-Za-z_]\w*))"
)
# What a container's shell expands at run time, once compose has turned `$$` into `$`.
SHELL_VARIABLE = re.compile(r"\$\{?(?P<name>[A-Za-z_]\w*)")
WSGI_TARGET = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")
SHELLS = {"sh", "bash"}
SHELL_SEPARATORS = {"&&", "||", ";", "|", "&"}
CELERY_VALUED_OPTIONS = {"-A", "--app", "-b", "--broker", "--result-backend", "--loader", "--config", "--workdir"}
URL_SCHEMES = {
    "DATABASE_URL": {"postgres", "postgresql", "pgsql", "psql"},
    "REDIS_URL": {"redis", "rediss"},
    "EMAIL_URL": {"smtp", "smtp+tls", "smtp+ssl"},
}
# The image of the service each URL must reach: the database, the broker and the mail catcher.
SERVER_IMAGES = {"DATABASE_URL": "postgres", "REDIS_URL": "redis", "EMAIL_URL": "mailpit"}
DEFAULT_PORTS = {"DATABASE_URL": 5432, "REDIS_URL": 6379, "EMAIL_URL": 25}


# --- reading the files ----------------------------------------------------------------------------
def load_compose(text: str | None = None) -> dict:
    """docker-compose.yml as `yaml.safe_load` resolves it (anchors and merge keys), as plain data.

    The JSON round trip unshares what YAML aliases share, so a test can break one service alone.
    """
    text = COMPOSE_FILE.read_text(encoding="utf-8") if text is None else text
    return json.loads(json.dumps(yaml.safe_load(text)))


def settings_env_reads() -> set[str]:
    """Environment variables config/settings.py reads with env(...) or env.<type>(...)."""
    source = (ROOT / "config" / "settings.py").read_text(encoding="utf-8")
    return {m["name"] for m in SETTINGS_ENV_READ.finditer(source)}


def env_example_names() -> set[str]:
    """Variables .env.example documents (given a value, or shown commented out)."""
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return {m["name"] for m in ENV_EXAMPLE_ASSIGNMENT.finditer(text)}


def image_command() -> list[str]:
    """The Dockerfile's CMD as exec words (the shell form runs under /bin/sh -c)."""
    cmd = None
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    for line in re.sub(r"\\\n", " ", "\n".join(lines)).splitlines():
        keyword, _, arguments = line.strip().partition(" ")
        if keyword.upper() == "CMD":
            cmd = arguments.strip()
    if cmd is None:
        return []
    return json.loads(cmd) if cmd.startswith("[") else ["/bin/sh", "-c", cmd]


# --- reading a service ----------------------------------------------------------------------------
def interpolate(value: str) -> str:
    """The value compose gives when none of the referenced variables is set on the host."""
    def replace(match: re.Match) -> str:
        return match["arg"] if match["op"] in {":-", "-"} else ""

    parts = str(value).split("$$")
    return "$".join(INTERPOLATION.sub(replace, part) for part in parts)


def environment(service: dict) -> dict[str, str]:
    """A service's `environment` (mapping or list form), as written."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.partition("=")[::2] for item in env)
    return {name: "" if value is None else str(value) for name, value in env.items()}


def command_words(command) -> list[str]:
    """The exec words of a compose `command`, with compose's `$$` escape turned into `$`."""
    if command is None:
        return []
    words = shlex.split(command) if isinstance(command, str) else [str(word) for word in command]
    return [word.replace("$$", "$") for word in words]


def effective_command(service: dict, image_cmd: list[str]) -> list[str]:
    """What the container runs: its `command`, else the Dockerfile's CMD when built from it."""
    if "command" in service:
        return command_words(service["command"])
    return list(image_cmd) if "build" in service else []


def command_steps(words: list[str]) -> list[list[str]]:
    """The simple commands run in order: `sh -c "a && exec b"` gives [a, b]. `exec` and leading
    NAME=value assignments are dropped."""
    if len(words) >= 3 and Path(words[0]).name in SHELLS and words[1] == "-c":
        lexer = shlex.shlex(words[2], posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        tokens = list(lexer)
    else:
        tokens = list(words)
    steps, current = [], []
    for token in [*tokens, ";"]:
        if token not in SHELL_SEPARATORS:
            current.append(token)
            continue
        while current and (current[0] == "exec" or re.match(r"^[A-Za-z_]\w*=", current[0])):
            current.pop(0)
        if current:
            steps.append(current)
        current = []
    return steps


def program(step: list[str]) -> tuple[str, list[str]]:
    """(program, arguments) of a simple command; `python -m X` counts as X."""
    name = Path(step[0]).name
    if name.startswith("python") and len(step) >= 3 and step[1] == "-m":
        return step[2], step[3:]
    return name, step[1:]


def manage_command(step: list[str]) -> str | None:
    name, arguments = program(step)
    if name.startswith("python") and len(arguments) >= 2 and Path(arguments[0]).name == "manage.py":
        return arguments[1]
    if name == "django-admin" and arguments:
        return arguments[0]
    return None


def option(arguments: list[str], short: str, long: str) -> str | None:
    for i, word in enumerate(arguments):
        if word in {short, long}:
            return arguments[i + 1] if i + 1 < len(arguments) else None
        if word.startswith(long + "="):
            return word.partition("=")[2]
        if word.startswith(short) and len(word) > len(short) and not word.startswith("--"):
            return word[len(short):]
    return None


def gunicorn_step(steps: list[list[str]]) -> tuple[int, list[str]] | tuple[None, None]:
    for i, step in enumerate(steps):
        name, arguments = program(step)
        if name == "gunicorn":
            return i, arguments
    return None, None


def wsgi_target(gunicorn_arguments: list[str]) -> str | None:
    return next((word for word in gunicorn_arguments if WSGI_TARGET.match(word)), None)


def expected_wsgi_target() -> str:
    """settings.WSGI_APPLICATION ("config.wsgi.application") in gunicorn's spelling."""
    module, _, attribute = settings.WSGI_APPLICATION.rpartition(".")
    return f"{module}:{attribute}"


def module_file(module: str) -> Path | None:
    base = ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def top_level_assignments(path: Path) -> dict[str, ast.expr]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        target.id: node.value
        for node in tree.body if isinstance(node, ast.Assign)
        for target in node.targets if isinstance(target, ast.Name)
    }


def defines(target: str) -> bool:
    """Whether `module:attribute` names a module in the repository that assigns the attribute."""
    module, _, attribute = target.partition(":")
    path = module_file(module)
    return path is not None and attribute in top_level_assignments(path)


def creates_celery_app(app: str) -> bool:
    """Whether `celery -A <app>` finds an app: the module, or its `celery` submodule as Celery
    looks it up, assigns `Celery(...)` at top level."""
    module = app.partition(":")[0]
    for candidate in (module, f"{module}.celery"):
        path = module_file(candidate)
        if path and any(
            isinstance(value, ast.Call) and getattr(value.func, "id", None) == "Celery"
            for value in top_level_assignments(path).values()
        ):
            return True
    return False


def celery_invocation(steps: list[list[str]]) -> tuple[str | None, str | None]:
    """(app, subcommand) of the first `celery` command, or (None, None)."""
    for step in steps:
        name, arguments = program(step)
        if name != "celery":
            continue
        subcommand, skip = None, False
        for word in arguments:
            if skip:
                skip = False
            elif word in CELERY_VALUED_OPTIONS:
                skip = True
            elif not word.startswith("-"):
                subcommand = word
                break
        return option(arguments, "-A", "--app"), subcommand
    return None, None


def container_ports(service: dict) -> set[int]:
    """Container-side ports a service publishes (`ports`) or exposes (`expose`)."""
    ports = set()
    for entry in [*service.get("ports", []), *service.get("expose", [])]:
        target = entry.get("target") if isinstance(entry, dict) else str(entry).rsplit(":", 1)[-1]
        target = str(target).split("/")[0]
        if target.isdigit():
            ports.add(int(target))
    return ports


def mounts(service: dict) -> dict[str, tuple[str, str]]:
    """Container path -> (kind, source) of each mount; kind is volume, bind or anonymous."""
    result = {}
    for entry in service.get("volumes", []):
        if isinstance(entry, dict):
            source, target = entry.get("source", ""), entry["target"]
        else:
            parts = entry.split(":")
            source, target = ("", parts[0]) if len(parts) == 1 else (parts[0], parts[1])
        kind = "anonymous" if not source else "bind" if source.startswith((".", "/", "~")) else "volume"
        result[target] = (kind, source)
    return result


def depends_on(service: dict) -> dict[str, str]:
    """Service name -> condition, from the list or the mapping form."""
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return {name: "service_started" for name in deps}
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def app_services(compose: dict) -> dict[str, dict]:
    return {name: service for name, service in compose["services"].items() if "build" in service}


def services_of_image(compose: dict, image: str) -> list[str]:
    """Services running the official image `image` (any tag or registry prefix)."""
    return [
        name for name, service in compose["services"].items()
        if service.get("image", "").split("@")[0].rsplit(":", 1)[0].rsplit("/", 1)[-1] == image
    ]


def has_healthcheck(service: dict) -> bool:
    check = service.get("healthcheck")
    return bool(check) and not check.get("disable") and (check.get("test") or [""])[0] != "NONE"


# --- the checks ------------------------------------------------------------------------------------
def check_images(compose: dict) -> list[str]:
    """Every service has an image or a build; the app services share one build and one image."""
    problems = []
    services = compose.get("services") or {}
    for name, service in services.items():
        if "image" not in service and "build" not in service:
            problems.append(f"{name}: has neither `image` nor `build`")
    apps = app_services(compose)
    for role in APP_ROLES:
        if role not in apps:
            problems.append(f"{role}: is not built from the Dockerfile (no `build`)")
    builds = {json.dumps(service["build"], sort_keys=True) for service in apps.values()}
    images = {service.get("image") for service in apps.values()}
    if len(builds) > 1:
        problems.append(f"app services {sorted(apps)} use different builds: {sorted(builds)}")
    if len(images) > 1 or None in images:
        problems.append(f"app services {sorted(apps)} do not share one image name: {sorted(map(str, images))}")
    for name, service in apps.items():
        build = service["build"]
        context = build if isinstance(build, str) else build.get("context", ".")
        dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
        if not (ROOT / context / dockerfile).is_file():
            problems.append(f"{name}: builds {context}/{dockerfile}, which does not exist")
    return problems


def check_commands(compose: dict, image_cmd: list[str]) -> list[str]:
    """web migrates then serves the WSGI app with gunicorn; worker and beat run Celery on the app."""
    problems = []
    services = compose["services"]
    if "web" in services:
        web = services["web"]
        steps = command_steps(effective_command(web, image_cmd))
        migrate_at = next((i for i, step in enumerate(steps) if manage_command(step) == "migrate"), None)
        gunicorn_at, arguments = gunicorn_step(steps)
        if gunicorn_at is None:
            problems.append(f"web: does not start gunicorn (runs {steps})")
        else:
            target = wsgi_target(arguments)
            if target != expected_wsgi_target():
                problems.append(f"web: gunicorn serves {target}, not {expected_wsgi_target()}")
            elif not defines(target):
                problems.append(f"web: gunicorn serves {target}, which no module in the repository defines")
            host, _, port = (option(arguments, "-b", "--bind") or "127.0.0.1:8000").rpartition(":")
            if host not in {"0.0.0.0", "[::]"}:
                problems.append(f"web: gunicorn binds to {host}, which other containers cannot reach")
            if not port.isdigit() or int(port) not in container_ports(web):
                problems.append(f"web: gunicorn listens on port {port}, which the service does not publish")
        if migrate_at is None or (gunicorn_at is not None and migrate_at > gunicorn_at):
            problems.append("web: does not run `python manage.py migrate` before gunicorn")
    for role in ("worker", "beat"):
        if role not in services:
            continue
        app, subcommand = celery_invocation(command_steps(effective_command(services[role], image_cmd)))
        if app is None:
            problems.append(f"{role}: does not run `celery -A <app> {role}`")
            continue
        if subcommand != role:
            problems.append(f"{role}: runs `celery {subcommand}`, not `celery {role}`")
        if not creates_celery_app(app):
            problems.append(f"{role}: `celery -A {app}` finds no module that creates a Celery app")
    return problems


def check_health(compose: dict, image_cmd: list[str]) -> list[str]:
    """Health checks are well formed, web's asks gunicorn for the health page, and depends_on only
    names existing services and waits for health only where there is a health check."""
    problems = []
    services = compose["services"]
    for name in HEALTH_CHECKED:
        if name in services and not has_healthcheck(services[name]):
            problems.append(f"{name}: has no health check")
    for name, service in services.items():
        if not has_healthcheck(service):
            continue
        test = service["healthcheck"].get("test")
        if not isinstance(test, list) or test[:1] not in (["CMD"], ["CMD-SHELL"]):
            problems.append(f"{name}: healthcheck.test must be a list starting with CMD or CMD-SHELL: {test!r}")
        elif test[0] == "CMD" and (len(test) < 2 or not all(isinstance(w, str) and w for w in test[1:])):
            problems.append(f"{name}: healthcheck.test CMD needs the program and its arguments: {test!r}")
        elif test[0] == "CMD-SHELL" and (len(test) != 2 or not isinstance(test[1], str) or not test[1]):
            problems.append(f"{name}: healthcheck.test CMD-SHELL needs exactly one shell command: {test!r}")
    if "web" in services and has_healthcheck(services["web"]):
        problems += check_web_health_url(services["web"], image_cmd)
    for name, service in services.items():
        for target, condition in depends_on(service).items():
            if target not in services:
                problems.append(f"{name}: depends_on unknown service '{target}'")
            elif condition not in DEPENDS_ON_CONDITIONS:
                problems.append(f"{name}: depends_on '{target}' with unknown condition '{condition}'")
            elif condition == "service_healthy" and not has_healthcheck(services[target]):
                problems.append(f"{name}: waits for '{target}' to be healthy, but '{target}' has no health check")
    return problems


def check_web_health_url(web: dict, image_cmd: list[str]) -> list[str]:
    test = " ".join(str(word) for word in web["healthcheck"].get("test", []))
    match = re.search(r"https?://(?:127\.0\.0\.1|localhost)(?::(?P<port>\d+))?(?P<path>/[^'\"\s]*)", test)
    if not match:
        return ["web: health check requests no http://127.0.0.1 or localhost URL"]
    problems = []
    _, arguments = gunicorn_step(command_steps(effective_command(web, image_cmd)))
    bind_port = (option(arguments or [], "-b", "--bind") or "127.0.0.1:8000").rpartition(":")[2]
    if (match["port"] or "80") != bind_port:
        problems.append(f"web: health check asks port {match['port'] or 80}, gunicorn listens on {bind_port}")
    try:
        view_name = resolve(match["path"]).url_name
    except Resolver404:
        view_name = None
    if view_name != "health":
        problems.append(f"web: health check requests {match['path']}, which is not the health view")
    return problems


def check_volumes(compose: dict) -> list[str]:
    """Named volumes are declared; upload directories are persistent mounts shared by the app services."""
    problems = []
    declared = set(compose.get("volumes") or {})
    for name, service in compose["services"].items():
        for target, (kind, source) in mounts(service).items():
            if kind == "volume" and source not in declared:
                problems.append(f"{name}: volume '{source}' (mounted at {target}) is not declared under volumes")
    sources: dict[str, set[str]] = {variable: set() for variable in UPLOAD_DIRS}
    for name, service in app_services(compose).items():
        env = environment(service)
        service_mounts = mounts(service)
        for variable in UPLOAD_DIRS:
            path = interpolate(env.get(variable, ""))
            if not path.startswith("/"):
                problems.append(f"{name}: {variable} must be an absolute path in the container, got '{path}'")
            elif service_mounts.get(path, ("anonymous", ""))[0] == "anonymous":
                problems.append(f"{name}: {variable} {path} is not on a named volume or bind mount")
            else:
                sources[variable].add(service_mounts[path][1])
    for variable, found in sources.items():
        if len(found) > 1:
            problems.append(f"app services keep {variable} on different volumes: {sorted(found)}")
    return problems


def check_service_urls(compose: dict) -> list[str]:
    """DATABASE_URL, REDIS_URL and EMAIL_URL of each app service reach the services of this file."""
    problems = []
    services = compose["services"]
    for name, service in app_services(compose).items():
        env = environment(service)
        for variable, image in SERVER_IMAGES.items():
            candidates = services_of_image(compose, image)
            if variable not in env:
                problems.append(f"{name}: does not set {variable}")
                continue
            url = urlsplit(interpolate(env[variable]))
            if url.scheme not in URL_SCHEMES[variable]:
                problems.append(f"{name}: {variable} scheme '{url.scheme}' is not one of {sorted(URL_SCHEMES[variable])}")
            if url.hostname not in candidates:
                problems.append(
                    f"{name}: {variable} host '{url.hostname}' is not the {image} service"
                    f" ({', '.join(candidates) or 'none in the file'})"
                )
                continue
            server = services[url.hostname]
            port = url.port or DEFAULT_PORTS[variable]
            if variable == "EMAIL_URL":
                if port not in container_ports(server):
                    problems.append(f"{name}: EMAIL_URL port {port} is not a port {url.hostname} exposes")
            elif port != DEFAULT_PORTS[variable]:
                problems.append(f"{name}: {variable} port {port} is not {url.hostname}'s {DEFAULT_PORTS[variable]}")
            if variable != "EMAIL_URL" and url.hostname not in depends_on(service):
                problems.append(f"{name}: uses {url.hostname} ({variable}) but does not depend_on it")
            if variable == "DATABASE_URL":
                problems += check_database_credentials(name, url, server)
    return problems


def check_database_credentials(name: str, url, postgres: dict) -> list[str]:
    """The URL's user, password and database are those the postgres image creates."""
    env = {key: interpolate(value) for key, value in environment(postgres).items()}
    user = env.get("POSTGRES_USER") or "postgres"
    expected = {"user": user, "password": env.get("POSTGRES_PASSWORD"), "database": env.get("POSTGRES_DB") or user}
    actual = {"user": url.username, "password": url.password, "database": url.path.lstrip("/")}
    return [
        f"{name}: DATABASE_URL {key} '{actual[key]}' is not the postgres service's '{expected[key]}'"
        for key in expected if actual[key] != expected[key]
    ]


def check_environment_names(compose: dict, image_cmd: list[str], settings_reads: set[str]) -> list[str]:
    """Every variable an app service sets is read by config/settings.py or by its own command."""
    problems = []
    for name, service in app_services(compose).items():
        command = " ".join(effective_command(service, image_cmd))
        used_by_command = {m["name"] for m in SHELL_VARIABLE.finditer(command)}
        for variable in sorted(set(environment(service)) - settings_reads - used_by_command):
            problems.append(f"{name}: sets {variable}, which neither config/settings.py nor its command reads")
    return problems


def check_interpolation(compose: dict, documented: set[str]) -> list[str]:
    """Every ${VAR} compose takes from the host or .env is documented in .env.example."""
    used = set()

    def walk(value) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            for part in value.split("$$"):
                used.update(m["braced"] or m["bare"] for m in INTERPOLATION.finditer(part))

    walk(compose)
    return [
        f"docker-compose.yml interpolates ${{{variable}}}, which .env.example does not document"
        for variable in sorted(used - documented)
    ]


# --- the real file -------------------------------------------------------------------------------
@pytest.fixture
def compose() -> dict:
    return load_compose()


@pytest.fixture(scope="module")
def image_cmd() -> list[str]:
    return image_command()


def test_compose_images_and_builds_are_consistent(compose):
    assert check_images(compose) == []


def test_compose_commands_start_the_right_programs(compose, image_cmd):
    assert check_commands(compose, image_cmd) == []


def test_compose_health_checks_and_dependencies_are_valid(compose, image_cmd):
    assert check_health(compose, image_cmd) == []


def test_compose_volumes_are_declared_and_keep_uploads(compose):
    assert check_volumes(compose) == []


def test_compose_app_services_reach_database_redis_and_mail_catcher(compose):
    assert check_service_urls(compose) == []


def test_compose_app_environment_is_read_by_settings(compose, image_cmd):
    assert check_environment_names(compose, image_cmd, settings_env_reads()) == []


def test_compose_interpolated_variables_are_documented_in_env_example(compose):
    assert check_interpolation(compose, env_example_names()) == []


def test_settings_read_the_variables_compose_sets():
    # The checks above rely on these reads; a regex that stopped finding them would pass anything.
    assert {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", *UPLOAD_DIRS} <= settings_env_reads()


# --- broken copies: each check reports what it was broken for --------------------------------------
def test_check_images_when_service_has_no_image_and_worker_builds_elsewhere(compose):
    del compose["services"]["mailpit"]["image"]
    compose["services"]["worker"]["build"] = "./worker"
    assert check_images(compose) == [
        "mailpit: has neither `image` nor `build`",
        "app services ['beat', 'web', 'worker'] use different builds: ['\".\"', '\"./worker\"']",
        "worker: builds ./worker/Dockerfile, which does not exist",
    ]


def test_check_commands_when_web_relies_on_image_cmd_and_celery_is_miswired(compose, image_cmd):
    del compose["services"]["web"]["command"]  # the Dockerfile's CMD does not migrate
    compose["services"]["worker"]["command"] = "celery -A config beat -l info"
    compose["services"]["beat"]["command"] = "celery -A portal beat"
    assert check_commands(compose, image_cmd) == [
        "web: does not run `python manage.py migrate` before gunicorn",
        "worker: runs `celery beat`, not `celery worker`",
        "beat: `celery -A portal` finds no module that creates a Celery app",
    ]


def test_check_commands_when_gunicorn_serves_wrong_target_on_loopback(compose, image_cmd):
    compose["services"]["web"]["command"] = (
        "sh -c 'exec gunicorn config.asgi:application --bind 127.0.0.1:8001 && python manage.py migrate'"
    )
    assert check_commands(compose, image_cmd) == [
        "web: gunicorn serves config.asgi:application, not config.wsgi:application",
        "web: gunicorn binds to 127.0.0.1, which other containers cannot reach",
        "web: gunicorn listens on port 8001, which the service does not publish",
        "web: does not run `python manage.py migrate` before gunicorn",
    ]


def test_check_health_when_depends_on_unknown_or_unhealthcheckable_service(compose, image_cmd):
    compose["services"]["beat"]["depends_on"] = {
        "db": {"condition": "service_healthy"},
        "mailpit": {"condition": "service_healthy"},
    }
    compose["services"]["redis"]["healthcheck"]["test"] = "redis-cli ping"
    assert check_health(compose, image_cmd) == [
        "redis: healthcheck.test must be a list starting with CMD or CMD-SHELL: 'redis-cli ping'",
        "beat: depends_on unknown service 'db'",
        "beat: waits for 'mailpit' to be healthy, but 'mailpit' has no health check",
    ]


def test_check_health_when_web_check_is_missing_or_asks_wrong_url(compose, image_cmd):
    web_check = compose["services"]["web"]["healthcheck"]
    web_check["test"] = ["CMD", "python", "-c", "import urllib.request as r; r.urlopen('http://127.0.0.1:8080/healthz/')"]
    del compose["services"]["postgres"]["healthcheck"]
    assert check_health(compose, image_cmd) == [
        "postgres: has no health check",
        "web: health check asks port 8080, gunicorn listens on 8000",
        "web: health check requests /healthz/, which is not the health view",
        "web: waits for 'postgres' to be healthy, but 'postgres' has no health check",
        "worker: waits for 'postgres' to be healthy, but 'postgres' has no health check",
        "beat: waits for 'postgres' to be healthy, but 'postgres' has no health check",
    ]


def test_check_volumes_when_volume_undeclared_and_uploads_not_mounted(compose):
    del compose["volumes"]["postgres-data"]
    compose["services"]["worker"]["volumes"] = ["media:/app/media"]
    compose["services"]["beat"]["volumes"] = ["media:/app/media", "other:/app/private"]
    compose["volumes"]["other"] = None
    assert check_volumes(compose) == [
        "postgres: volume 'postgres-data' (mounted at /var/lib/postgresql/data) is not declared under volumes",
        "worker: PRIVATE_MEDIA_ROOT /app/private is not on a named volume or bind mount",
        "app services keep PRIVATE_MEDIA_ROOT on different volumes: ['other', 'private']",
    ]


def test_check_service_urls_when_database_url_points_at_db_host(compose):
    compose["services"]["web"]["environment"]["DATABASE_URL"] = "postgres://portal:portal@db:5432/portal"
    assert check_service_urls(compose) == [
        "web: DATABASE_URL host 'db' is not the postgres service (postgres)"
    ]


def test_check_service_urls_when_credentials_ports_and_depends_on_are_wrong(compose):
    compose["services"]["worker"]["environment"]["DATABASE_URL"] = "postgres://app:secret@postgres/app"
    compose["services"]["worker"]["environment"]["EMAIL_URL"] = "smtp://mailpit:25"
    compose["services"]["beat"]["environment"]["REDIS_URL"] = "http://redis:6380/0"
    del compose["services"]["beat"]["depends_on"]["redis"]
    assert check_service_urls(compose) == [
        "worker: DATABASE_URL user 'app' is not the postgres service's 'portal'",
        "worker: DATABASE_URL password 'secret' is not the postgres service's 'portal'",
        "worker: DATABASE_URL database 'app' is not the postgres service's 'portal'",
        "worker: EMAIL_URL port 25 is not a port mailpit exposes",
        "beat: REDIS_URL scheme 'http' is not one of ['redis', 'rediss']",
        "beat: REDIS_URL port 6380 is not redis's 6379",
        "beat: uses redis (REDIS_URL) but does not depend_on it",
    ]


def test_check_environment_names_when_service_sets_unread_variable(compose, image_cmd):
    compose["services"]["worker"]["environment"]["CELERY_CONCURRENCY"] = "4"
    compose["services"]["web"]["command"] = "gunicorn config.wsgi:application --bind 0.0.0.0:8000"
    assert check_environment_names(compose, image_cmd, settings_env_reads()) == [
        "web: sets GUNICORN_WORKERS, which neither config/settings.py nor its command reads",
        "worker: sets CELERY_CONCURRENCY, which neither config/settings.py nor its command reads",
    ]


def test_check_interpolation_when_variable_is_undocumented(compose):
    compose["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"] = "${POSTGRES_PASSWORD:-portal}"
    compose["services"]["web"]["command"] = "echo $$NOT_INTERPOLATED $HOST_ONLY"
    assert check_interpolation(compose, env_example_names()) == [
        "docker-compose.yml interpolates ${HOST_ONLY}, which .env.example does not document",
        "docker-compose.yml interpolates ${POSTGRES_PASSWORD}, which .env.example does not document",
    ]
