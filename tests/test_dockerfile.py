"""The Dockerfile, .dockerignore and the README's "full stack" commands, checked against each other
and against docker-compose.yml without building anything.

As in test_compose.py, each `check_*` function returns a list of problems: the real files give none,
and a small broken input gives exactly the problem it was broken for.
"""

import json
import posixpath
import re
import shlex
import tomllib
from pathlib import Path

import django
import pytest
from django.apps import apps

from tests.test_compose import ROOT
from tests.test_compose import UPLOAD_DIRS
from tests.test_compose import app_services
from tests.test_compose import command_steps
from tests.test_compose import defines
from tests.test_compose import effective_command
from tests.test_compose import environment
from tests.test_compose import expected_wsgi_target
from tests.test_compose import gunicorn_step
from tests.test_compose import interpolate
from tests.test_compose import load_compose
from tests.test_compose import program
from tests.test_compose import wsgi_target

# Options of `docker compose exec|run` that take a value (the service name follows the options).
COMPOSE_VALUED_OPTIONS = {
    "-u", "--user", "-e", "--env", "-w", "--workdir", "--index", "--name", "-p", "--publish",
    "--entrypoint", "-v", "--volume", "-l", "--label",
}
PIP_VALUED_OPTIONS = {"-c", "--constraint", "-i", "--index-url", "--extra-index-url", "-t", "--target", "--prefix"}
# Kept out of the image: secrets, the local virtualenv, the repository history.
MUST_BE_IGNORED = (".env", ".venv", ".git")
# Needed in the build context: pyproject.toml is installed, manage.py runs the migrations, and
# Django, gunicorn and Celery import these modules.
MUST_BE_KEPT = ("pyproject.toml", "manage.py", "config/settings.py", "config/wsgi.py", "config/celery.py")


# --- reading the files ----------------------------------------------------------------------------
def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, comments dropped and continuation lines joined."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    instructions = []
    for line in re.sub(r"\\\n", " ", "\n".join(lines)).splitlines():
        if line.strip():
            keyword, _, arguments = line.strip().partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def exec_words(arguments: str) -> list[str]:
    """CMD/ENTRYPOINT arguments as exec words; the shell form runs under /bin/sh -c."""
    return json.loads(arguments) if arguments.startswith("[") else ["/bin/sh", "-c", arguments]


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    return normalized(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement.strip())[0])


def pyproject_dependencies() -> set[str]:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return {requirement_name(r) for r in tomllib.load(file)["project"]["dependencies"]}


def management_commands() -> set[str]:
    """Every `manage.py` command: files under */management/commands/ of the project, the installed
    apps and Django's core."""
    folders = [ROOT.glob("*/management/commands/*.py")]
    folders += [Path(app.path).glob("management/commands/*.py") for app in apps.get_app_configs()]
    folders.append((Path(django.__file__).parent / "core" / "management" / "commands").glob("*.py"))
    return {path.stem for found in folders for path in found if not path.stem.startswith("_")}


def readme_section(text: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    return match[1] if match else ""


def ignore_pattern(pattern: str) -> re.Pattern:
    """A .dockerignore pattern as a regex over slash-separated paths relative to the context."""
    pattern = posixpath.normpath(pattern.strip().lstrip("/"))
    regex = ""
    for token in re.findall(r"\*\*/|\*\*|\*|\?|[^*?]+", pattern):
        regex += {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(token, re.escape(token))
    return re.compile(regex)


def ignored(patterns: list[str], path: str) -> bool:
    """Whether .dockerignore keeps `path` out: the last pattern matching it or a parent folder wins."""
    parts = path.split("/")
    excluded = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        regex = ignore_pattern(pattern[1:] if negated else pattern)
        if any(regex.fullmatch("/".join(parts[:i])) for i in range(1, len(parts) + 1)):
            excluded = not negated
    return excluded


# --- the checks ------------------------------------------------------------------------------------
def check_dockerfile(instructions: list[tuple[str, str]], compose: dict, dependencies: set[str]) -> list[str]:
    """The image installs the project with pyproject.toml's dependencies, its CMD serves the same
    WSGI target with the same program as compose's web, and the upload folders belong to its user."""
    problems = []
    workdir, user, cmd = "/", None, []
    pyproject_copied = project_copied = project_installed = dependencies_installed = False
    owned: dict[str, tuple[str, bool]] = {}  # path -> (owner, recursively)

    def absolute(path: str) -> str:
        return posixpath.normpath(posixpath.join(workdir, path))

    for keyword, arguments in instructions:
        if keyword == "WORKDIR":
            workdir = absolute(arguments)
        elif keyword == "USER":
            user = arguments.split(":")[0]
        elif keyword == "CMD":
            cmd = exec_words(arguments)
        elif keyword in {"COPY", "ADD"}:
            *sources, destination = [word for word in shlex.split(arguments) if not word.startswith("--")]
            sources = [posixpath.normpath(source) for source in sources]
            if "." in sources and absolute(destination) == workdir:
                project_copied = pyproject_copied = True
            pyproject_copied |= "pyproject.toml" in sources
        elif keyword == "RUN":
            for step in command_steps(["/bin/sh", "-c", arguments]):
                name, words = program(step)
                if name == "uv" and words[:1] == ["pip"]:
                    name, words = "pip", words[1:]
                if name in {"pip", "pip3"} and words[:1] == ["install"]:
                    i, rest = 0, words[1:]
                    while i < len(rest):
                        word = rest[i]
                        if word in {"-r", "--requirement"}:
                            # Accepted when the same RUN writes the file from pyproject.toml.
                            if "pyproject.toml" in arguments and pyproject_copied:
                                dependencies_installed = True
                            else:
                                problems.append(f"Dockerfile: installs {rest[i + 1]}, not made from pyproject.toml")
                            i += 1
                        elif word in PIP_VALUED_OPTIONS:
                            i += 1
                        elif word.startswith("-"):
                            pass
                        elif word == "." or absolute(word) == workdir:
                            if not project_copied:
                                problems.append("Dockerfile: runs `pip install .` before copying the project")
                            else:
                                project_installed = True
                                dependencies_installed |= "--no-deps" not in rest
                        elif requirement_name(word) not in dependencies:
                            problems.append(f"Dockerfile: installs {word}, which pyproject.toml does not list")
                        i += 1
                elif name == "chown":
                    recursive = any(w in {"-R", "--recursive"} for w in words)
                    owner, *paths = [w for w in words if not w.startswith("-")]
                    owned.update({absolute(path): (owner.split(":")[0], recursive) for path in paths})

    if not project_installed:
        problems.append("Dockerfile: never installs the project (`pip install .`)")
    if not dependencies_installed:
        problems.append("Dockerfile: does not install the dependencies pyproject.toml lists")

    steps = command_steps(cmd)
    _, arguments = gunicorn_step(steps)
    if arguments is None:
        problems.append(f"Dockerfile: CMD does not start gunicorn (runs {steps})")
    else:
        target = wsgi_target(arguments)
        if target != expected_wsgi_target():
            problems.append(f"Dockerfile: CMD serves {target}, not {expected_wsgi_target()}")
        elif not defines(target):
            problems.append(f"Dockerfile: CMD serves {target}, which no module in the repository defines")
        _, web_arguments = gunicorn_step(command_steps(effective_command(compose["services"]["web"], cmd)))
        web_target = wsgi_target(web_arguments or [])
        if web_target != target:
            problems.append(f"Dockerfile: CMD serves {target}, compose's web serves {web_target}")

    run_by = {"Dockerfile CMD": steps}
    run_by.update({f"compose {name}": command_steps(effective_command(service, cmd))
                   for name, service in app_services(compose).items()})
    for where, where_steps in run_by.items():
        for step in where_steps:
            name = program(step)[0]
            if not name.startswith("python") and normalized(name) not in dependencies:
                problems.append(f"{where}: runs {name}, which pyproject.toml does not install")

    if user not in {None, "root", "0"}:
        folders = {
            (variable, interpolate(environment(service).get(variable, "")))
            for service in app_services(compose).values() for variable in UPLOAD_DIRS
        }
        for variable, folder in sorted(folders):
            owners = [owner for path, (owner, recursive) in owned.items()
                      if path == folder or (recursive and folder.startswith(path.rstrip("/") + "/"))]
            if user not in owners:
                problems.append(f"Dockerfile: {folder} ({variable}) is not chowned to {user}, "
                                "so a new volume there is not writable by the app")
    return problems


def check_readme(readme: str, compose: dict, image_cmd: list[str], commands: set[str]) -> list[str]:
    """The README's full-stack commands name real services and management commands, build the image
    and describe the program compose's web runs."""
    problems = []
    services = compose["services"]
    section = readme_section(readme, "The full stack")
    if not section:
        return ["README.md: no '## The full stack' section"]
    _, web_arguments = gunicorn_step(command_steps(effective_command(services["web"], image_cmd)))
    if web_arguments is not None and "gunicorn" not in section:
        problems.append("README.md: the full stack section does not say web runs gunicorn")
    ups = 0
    for block in re.findall(r"```[^\n]*\n(.*?)```", section, re.DOTALL):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            line = shlex.join(words)
            if words[:2] == ["docker", "compose"]:
                words = words[2:]
            elif words[:1] == ["docker-compose"]:
                words = words[1:]
            else:
                continue
            if not words:
                continue
            subcommand, rest = words[0], words[1:]
            if subcommand == "up":
                ups += 1
                if app_services(compose) and "--build" not in rest:
                    problems.append(f"README.md: `{line}` does not rebuild the app image (--build)")
                named = [word for word in rest if not word.startswith("-")]
            elif subcommand in {"exec", "run"}:
                i = 0
                while i < len(rest) and rest[i].startswith("-"):
                    i += 2 if rest[i] in COMPOSE_VALUED_OPTIONS else 1
                named = rest[i:i + 1]
                if not named:
                    problems.append(f"README.md: `{line}` names no service")
            else:
                named = [word for word in rest if not word.startswith("-")]
            for service in named:
                if service not in services:
                    problems.append(f"README.md: `{line}` names '{service}', which is no compose service")
    if not ups:
        problems.append("README.md: the full stack section shows no `docker compose up`")
    for command in re.findall(r"manage\.py\s+([a-z][\w-]*)", readme):
        if command not in commands:
            problems.append(f"README.md: runs `manage.py {command}`, which is no management command")
    return problems


def check_dockerignore(text: str) -> list[str]:
    patterns = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    problems = [f".dockerignore: lets {path} into the image" for path in MUST_BE_IGNORED if not ignored(patterns, path)]
    problems += [f".dockerignore: keeps {path} out of the image, which needs it"
                 for path in MUST_BE_KEPT if ignored(patterns, path)]
    return problems


# --- the real files --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def instructions() -> list[tuple[str, str]]:
    return dockerfile_instructions((ROOT / "Dockerfile").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def image_cmd(instructions) -> list[str]:
    return exec_words([arguments for keyword, arguments in instructions if keyword == "CMD"][-1])


@pytest.fixture
def compose() -> dict:
    return load_compose()


def test_dockerfile_installs_project_and_serves_compose_wsgi_target(instructions, compose):
    assert check_dockerfile(instructions, compose, pyproject_dependencies()) == []


def test_readme_full_stack_commands_name_real_services_and_commands(compose, image_cmd):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert check_readme(readme, compose, image_cmd, management_commands()) == []


def test_dockerignore_keeps_secrets_out_and_project_in():
    assert check_dockerignore((ROOT / ".dockerignore").read_text(encoding="utf-8")) == []


def test_management_commands_include_project_and_django_commands():
    # check_readme trusts this set; one that missed a source would pass any README.
    assert {"load_demo", "run_scheduled_jobs", "createsuperuser", "migrate", "check"} <= management_commands()


# --- broken inputs: each check reports what it was broken for -------------------------------------
BROKEN_DOCKERFILE = """\
FROM python:3.13-slim
WORKDIR /app
RUN pip install .
COPY . .
# the project's dependencies are skipped, and an unlisted package is added
RUN pip install --no-deps . \\
    && pip install requests==2.32
RUN mkdir -p /app/media /app/private && chown app /app/media
USER app
CMD ["sh", "-c", "exec uvicorn config.asgi:application"]
"""


def test_check_dockerfile_when_dependencies_cmd_and_ownership_are_wrong(compose):
    instructions = dockerfile_instructions(BROKEN_DOCKERFILE)
    assert check_dockerfile(instructions, compose, pyproject_dependencies()) == [
        "Dockerfile: runs `pip install .` before copying the project",
        "Dockerfile: installs requests==2.32, which pyproject.toml does not list",
        "Dockerfile: does not install the dependencies pyproject.toml lists",
        "Dockerfile: CMD does not start gunicorn (runs [['uvicorn', 'config.asgi:application']])",
        "Dockerfile CMD: runs uvicorn, which pyproject.toml does not install",
        (
            "Dockerfile: /app/private (PRIVATE_MEDIA_ROOT) is not chowned to app, "
            "so a new volume there is not writable by the app"
        ),
    ]


def test_check_dockerfile_when_cmd_serves_another_target_than_compose_web(compose):
    text = 'FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN pip install .\nCMD ["gunicorn", "config.asgi:app"]\n'
    compose["services"]["web"]["command"] = "sh -c 'python manage.py migrate && exec gunicorn portal.wsgi:app'"
    assert check_dockerfile(dockerfile_instructions(text), compose, pyproject_dependencies()) == [
        "Dockerfile: CMD serves config.asgi:app, not config.wsgi:application",
        "Dockerfile: CMD serves config.asgi:app, compose's web serves portal.wsgi:app",
    ]


def test_check_readme_when_commands_name_unknown_service_and_command(compose, image_cmd):
    readme = (
        "## The full stack\n\nThe web app under waitress.\n\n```sh\n"
        "docker compose up -d\n"
        "docker compose exec -u root app python manage.py createsuperuser\n"
        "docker compose logs worker celery\n"
        "docker compose exec web python manage.py load_demos   # optional demo data\n"
        "```\n\n## Tests\n\n`python manage.py check --deploy`\n"
    )
    assert check_readme(readme, compose, image_cmd, management_commands()) == [
        "README.md: the full stack section does not say web runs gunicorn",
        "README.md: `docker compose up -d` does not rebuild the app image (--build)",
        (
            "README.md: `docker compose exec -u root app python manage.py createsuperuser` "
            "names 'app', which is no compose service"
        ),
        "README.md: `docker compose logs worker celery` names 'celery', which is no compose service",
        "README.md: runs `manage.py load_demos`, which is no management command",
    ]


def test_check_readme_when_full_stack_section_is_missing(compose, image_cmd):
    assert check_readme("## Install\n", compose, image_cmd, set()) == ["README.md: no '## The full stack' section"]


def test_check_dockerignore_when_secrets_get_in_and_sources_are_left_out():
    text = "# local state\n.git/\n**/.venv\n.env\n!.env\n*.py\nconfig/c*\n"
    assert check_dockerignore(text) == [
        ".dockerignore: lets .env into the image",
        ".dockerignore: keeps manage.py out of the image, which needs it",
        ".dockerignore: keeps config/celery.py out of the image, which needs it",
    ]
