#!/usr/bin/env bash
# Generate the "pyweather" sample repository: a Python weather client library
# with a provider registry, caching, retries and a CLI.
#
# Usage: bash sample_repos/pyweather.sh OUTDIR/pyweather
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
sr_init "${1:-}" 1704096000   # 2024-01-01

# Write weather/providers/__init__.py. Arguments are "module:Class" pairs for
# the built-in providers, in registration order.
write_registry() {
  local pair imports="" classes=""
  for pair in "$@"; do
    imports+="from .${pair%%:*} import ${pair##*:}"$'\n'
    classes+="    ${pair##*:},"$'\n'
  done
  {
    cat <<'EOF'
"""Provider registry.

Providers are registered under a short name; the client looks them up with
:func:`get_provider`. Adding a provider means adding a module to this package,
listing its class in ``BUILTIN_PROVIDERS`` and documenting it in
``docs/providers.md``.
"""

from ..errors import UnknownProviderError
from .base import Provider
EOF
    printf '%s' "$imports"
    cat <<'EOF'

_REGISTRY = {}


def register(cls):
    """Register a Provider subclass under its ``name``; usable as a decorator."""
    if not (isinstance(cls, type) and issubclass(cls, Provider)):
        raise TypeError(f"{cls!r} is not a Provider subclass")
    _REGISTRY[cls.name] = cls
    return cls


def get_provider(name, **kwargs):
    """Instantiate the provider registered as ``name`` with ``kwargs``."""
    try:
        cls = _REGISTRY[name]
    except KeyError:
        known = ", ".join(available())
        raise UnknownProviderError(f"unknown provider {name!r} (known: {known})") from None
    return cls(**kwargs)


def available():
    """Return the sorted names of all registered providers."""
    return sorted(_REGISTRY)

EOF
    printf 'BUILTIN_PROVIDERS = (\n%s)\n' "$classes"
    cat <<'EOF'

for _cls in BUILTIN_PROVIDERS:
    register(_cls)
EOF
    if [ -n "${PW_DESCRIBE:-}" ]; then
      cat <<'EOF'


def describe():
    """Return ``(name, requires_api_key, summary)`` for every registered provider."""
    rows = []
    for name in available():
        cls = _REGISTRY[name]
        summary = (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""
        rows.append((name, cls.requires_api_key, summary))
    return rows
EOF
    fi
  } > weather/providers/__init__.py
}

# --------------------------------------------------------------------------
# 1. Scaffold
# --------------------------------------------------------------------------
write pyproject.toml <<'EOF'
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "pyweather"
version = "0.1.0"
description = "A small HTTP weather client with pluggable data providers"
readme = "README.md"
requires-python = ">=3.9"
license = {text = "MIT"}
authors = [{name = "Alice Moreau", email = "alice@example.com"}]

[project.optional-dependencies]
test = ["pytest>=7"]

[tool.setuptools.packages.find]
include = ["weather*"]

[tool.pytest.ini_options]
testpaths = ["tests"]
EOF

write README.md <<'EOF'
# pyweather

A small weather client for Python with pluggable data providers.
It uses only the standard library.

## Instalation

    pip install -e .[test]

## Example

```python
from weather import WeatherClient

client = WeatherClient(provider="open-meteo")
print(client.current(52.52, 13.41))
```

Code written against the old single-function API can keep using
`weather.compat.get_weather` for now.

See `docs/usage.md` and `docs/providers.md` for details.
EOF

write weather/__init__.py <<'EOF'
"""pyweather: a small weather client with pluggable data providers.

Typical use::

    from weather import WeatherClient

    client = WeatherClient(provider="open-meteo")
    print(client.current(52.52, 13.41))
"""

from weather.client import WeatherClient
from weather.errors import ProviderError, WeatherError
from weather.models import Forecast, Location, Observation

__version__ = "0.1.0"

__all__ = [
    "Forecast",
    "Location",
    "Observation",
    "ProviderError",
    "WeatherClient",
    "WeatherError",
    "__version__",
]
EOF

write weather/errors.py <<'EOF'
"""Exception hierarchy used throughout pyweather."""


class WeatherError(Exception):
    """Base class for every error raised by pyweather."""


class ProviderError(WeatherError):
    """A provider returned an error or a response that could not be parsed."""

    def __init__(self, provider, message):
        super().__init__(f"{provider}: {message}")
        self.provider = provider


class TransportError(WeatherError):
    """The HTTP request failed before a usable response was received."""


class UnknownProviderError(WeatherError):
    """No provider is registered under the requested name."""
EOF

write weather/models.py <<'EOF'
"""Plain data classes returned by the client."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import List, Optional


@dataclass(frozen=True)
class Location:
    """A point on the globe in decimal degrees."""

    latitude: float
    longitude: float

    def rounded(self, digits=2):
        """Return a copy rounded to ``digits`` decimals."""
        return Location(round(self.latitude, digits), round(self.longitude, digits))


@dataclass
class Observation:
    """Current conditions at a location, always in metric units."""

    location: Location
    time: datetime
    temperature_c: float
    wind_speed_ms: float
    humidity: float
    description: str = ""


@dataclass
class DailyForecast:
    """Forecast for one calendar day (``date`` is ISO ``YYYY-MM-DD``)."""

    date: str
    min_c: float
    max_c: float
    precipitation_mm: float = 0.0


@dataclass
class Forecast:
    """A multi-day forecast as returned by a provider."""

    location: Location
    provider: str
    days: List[DailyForecast] = field(default_factory=list)

    def warmest_day(self) -> Optional[DailyForecast]:
        """Return the day with the highest maximum temperature, or None."""
        if not self.days:
            return None
        return max(self.days, key=lambda day: day.max_c)
EOF

write weather/http.py <<'EOF'
"""Minimal JSON-over-HTTP helper built on urllib."""

import json
import urllib.error
import urllib.parse
import urllib.request

from .errors import TransportError

USER_AGENT = "pyweather/0.1 (+https://example.com/pyweather)"


def build_url(base, params=None):
    """Append URL-encoded ``params`` to ``base``, sorting keys for stable URLs."""
    if not params:
        return base
    query = urllib.parse.urlencode(sorted(params.items()))
    return f"{base}?{query}"


def get_json(url, params=None, timeout=10.0, headers=None):
    """Fetch ``url`` with ``params`` and decode the JSON body.

    Raises TransportError on network failures, non-2xx responses and bodies
    that are not valid JSON.
    """
    request = urllib.request.Request(build_url(url, params))
    request.add_header("User-Agent", USER_AGENT)
    request.add_header("Accept", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        raise TransportError(f"HTTP {exc.code} for {url}") from exc
    except urllib.error.URLError as exc:
        raise TransportError(f"cannot reach {url}: {exc.reason}") from exc
    try:
        return json.loads(payload)
    except ValueError as exc:
        raise TransportError(f"invalid JSON from {url}") from exc
EOF

write weather/client.py <<'EOF'
"""High-level client that hides provider details behind a small API."""

from weather.models import Location
from weather.providers import get_provider


class WeatherClient:
    """Entry point of the library.

    >>> client = WeatherClient(provider="open-meteo")
    >>> client.current(52.52, 13.41).temperature_c  # doctest: +SKIP
    4.2
    """

    def __init__(self, provider="open-meteo", fetch=None):
        self.provider = get_provider(provider, fetch=fetch)

    def current(self, latitude, longitude):
        """Return an Observation for the given coordinates."""
        return self.provider.current(Location(latitude, longitude))

    def forecast(self, latitude, longitude, days=3):
        """Return a daily forcast for the next ``days`` days (1 to 14)."""
        if not 1 <= days <= 14:
            raise ValueError("days must be between 1 and 14")
        return self.provider.forecast(Location(latitude, longitude), days)
EOF

write weather/compat.py <<'EOF'
"""Compatibility helpers for code written against the pre-0.1 API.

Deprecated: use :class:`weather.client.WeatherClient` instead.
"""

import warnings

from weather.client import WeatherClient


def get_weather(latitude, longitude, provider="open-meteo"):
    """Return the current temperature in Celsius (deprecated)."""
    warnings.warn(
        "weather.compat.get_weather is deprecated; use WeatherClient.current",
        DeprecationWarning,
        stacklevel=2,
    )
    client = WeatherClient(provider=provider)
    return client.current(latitude, longitude).temperature_c
EOF

write weather/providers/base.py <<'EOF'
"""The interface every weather data provider implements."""

import abc

from ..http import get_json
from ..models import Forecast, Location, Observation


class Provider(abc.ABC):
    """Base class for weather data providers.

    Subclasses set ``name`` and implement :meth:`current` and :meth:`forecast`.
    All HTTP access goes through ``self.fetch`` so that tests can inject
    canned responses.
    """

    name = "abstract"
    requires_api_key = False

    def __init__(self, fetch=None, api_key=None):
        self.fetch = fetch or get_json
        self.api_key = api_key

    @abc.abstractmethod
    def current(self, location: Location) -> Observation:
        """Return current conditions at ``location``."""

    @abc.abstractmethod
    def forecast(self, location: Location, days: int = 3) -> Forecast:
        """Return a daily forecast for the next ``days`` days."""

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name!r}>"
EOF

write weather/providers/openmeteo.py <<'EOF'
"""Open-Meteo provider (https://open-meteo.com): free and keyless."""

from datetime import datetime

from ..models import DailyForecast, Forecast, Observation
from .base import Provider

BASE_URL = "https://api.open-meteo.com/v1/forecast"


class OpenMeteoProvider(Provider):
    """Fetches observations and forecasts from the Open-Meteo API."""

    name = "open-meteo"

    def _params(self, location, **extra):
        """Return the query parameters common to every request."""
        params = {
            "latitude": location.latitude,
            "longitude": location.longitude,
            "timezone": "UTC",
        }
        params.update(extra)
        return params

    def current(self, location):
        """Return current conditions from the ``current`` block."""
        data = self.fetch(BASE_URL, self._params(
            location,
            current="temperature_2m,wind_speed_10m,relative_humidity_2m",
        ))
        now = data["current"]
        return Observation(
            location=location,
            time=datetime.fromisoformat(now["time"]),
            temperature_c=now["temperature_2m"],
            wind_speed_ms=now["wind_speed_10m"],
            humidity=now["relative_humidity_2m"],
        )

    def forecast(self, location, days=3):
        """Return ``days`` daily entries from the ``daily`` block."""
        data = self.fetch(BASE_URL, self._params(
            location,
            daily="temperature_2m_min,temperature_2m_max,precipitation_sum",
            forecast_days=days,
        ))
        daily = data["daily"]
        result = Forecast(location=location, provider=self.name)
        for i, date in enumerate(daily["time"]):
            result.days.append(DailyForecast(
                date=date,
                min_c=daily["temperature_2m_min"][i],
                max_c=daily["temperature_2m_max"][i],
                precipitation_mm=daily["precipitation_sum"][i],
            ))
        return result
EOF

write_registry openmeteo:OpenMeteoProvider

write tests/conftest.py <<'EOF'
"""Shared pytest fixtures: a fake fetch function with canned JSON responses."""

import pytest


class FakeFetch:
    """Callable standing in for the HTTP layer; records every request."""

    def __init__(self, responses):
        self.responses = responses
        self.calls = []

    def __call__(self, url, params=None, **kwargs):
        self.calls.append((url, dict(params or {})))
        for prefix, payload in self.responses.items():
            if url.startswith(prefix):
                return payload
        raise AssertionError(f"unexpected request to {url}")


@pytest.fixture
def fake_fetch():
    """Return the FakeFetch class; call it with a {url_prefix: payload} dict."""
    return FakeFetch
EOF

write tests/test_client.py <<'EOF'
"""Tests for WeatherClient with the Open-Meteo provider and a fake transport."""

import pytest
from weather.models import Location
from weather.client import WeatherClient

CURRENT = {
    "current": {
        "time": "2024-01-05T12:00",
        "temperature_2m": 3.5,
        "wind_speed_10m": 4.0,
        "relative_humidity_2m": 81,
    }
}

DAILY = {
    "daily": {
        "time": ["2024-01-05", "2024-01-06"],
        "temperature_2m_min": [-1.0, 0.5],
        "temperature_2m_max": [4.0, 6.5],
        "precipitation_sum": [0.0, 2.5],
    }
}


def test_current_returns_observation(fake_fetch):
    client = WeatherClient(provider="open-meteo", fetch=fake_fetch({"https://api.open-meteo.com": CURRENT}))
    obs = client.current(52.52, 13.41)
    assert obs.temperature_c == 3.5
    assert obs.location == Location(52.52, 13.41)


def test_forecast_parses_days(fake_fetch):
    client = WeatherClient(provider="open-meteo", fetch=fake_fetch({"https://api.open-meteo.com": DAILY}))
    forecast = client.forecast(52.52, 13.41, days=2)
    assert [day.date for day in forecast.days] == ["2024-01-05", "2024-01-06"]
    assert forecast.warmest_day().max_c == 6.5


def test_forecast_rejects_bad_day_count():
    client = WeatherClient(provider="open-meteo", fetch=lambda *a, **k: {})
    with pytest.raises(ValueError):
        client.forecast(0, 0, days=30)
EOF

write tests/test_providers.py <<'EOF'
"""Tests for the provider registry and the individual providers."""

import pytest

from weather.errors import UnknownProviderError
from weather.models import Location
from weather.providers import available, get_provider, register
from weather.providers.base import Provider

BERLIN = Location(52.52, 13.41)


def test_open_meteo_is_registered():
    assert "open-meteo" in available()


def test_unknown_provider_raises():
    with pytest.raises(UnknownProviderError):
        get_provider("no-such-provider")


def test_register_rejects_non_providers():
    with pytest.raises(TypeError):
        register(object)


def test_registered_providers_are_provider_subclasses():
    for name in available():
        assert isinstance(get_provider(name, fetch=lambda *a, **k: {}), Provider)
EOF

write docs/usage.md <<'EOF'
# Using pyweather

Create a client and ask for current conditions or a forecast:

```python
from weather import WeatherClient

client = WeatherClient(provider="open-meteo")
obs = client.current(52.52, 13.41)
print(obs.temperature_c, obs.wind_speed_ms)

forecast = client.forecast(52.52, 13.41, days=5)
for day in forecast.days:
    print(day.date, day.min_c, day.max_c)
```

All values are metric: degrees Celsius, metres per second, millimetres.
Errors derive from `weather.errors.WeatherError`.
EOF

write docs/providers.md <<'EOF'
# Providers

A provider turns a `Location` into `Observation` and `Forecast` objects.
Providers live in `weather/providers/` and are listed in
`BUILTIN_PROVIDERS` in `weather/providers/__init__.py`.

| Name | Module | API key |
|------|--------|---------|
| `open-meteo` | `openmeteo.py` | no |

## open-meteo

Uses https://api.open-meteo.com. Free for non-commercial use, no key needed.
EOF

commit "Initial project scaffold with Open-Meteo provider" \
"Client, provider base class and registry, urllib-based HTTP helper,
data models and the first tests and docs."

# --------------------------------------------------------------------------
write .gitignore <<'EOF'
__pycache__/
*.py[cod]
*.egg-info/
build/
dist/
.pytest_cache/
.venv/
EOF
commit "Add .gitignore for Python build artifacts"

# --------------------------------------------------------------------------
sr_author bob
sed -i 's/^## Instalation$/## Installation/' README.md
commit "Fix typo in README installation heading"

# --------------------------------------------------------------------------
# FEATURE: configuration object
write weather/config.py <<'EOF'
"""Client configuration, built from keyword arguments or WEATHER_* variables."""

import os
from dataclasses import dataclass, fields

ENV_PREFIX = "WEATHER_"


def _convert(raw, kind):
    """Convert an environment string to the type of a Config field."""
    if kind is bool:
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if kind in (int, float):
        return kind(raw)
    return raw


@dataclass
class Config:
    """Settings shared by the client, the transport and the providers.

    Every field can be set from the environment as ``WEATHER_<FIELD>``,
    for example ``WEATHER_PROVIDER=met-no``.
    """

    provider: str = "open-meteo"
    timeout: float = 10.0

    @classmethod
    def from_env(cls, environ=None, **overrides):
        """Build a Config from ``environ`` (default ``os.environ``) and overrides."""
        environ = os.environ if environ is None else environ
        values = {}
        for spec in fields(cls):
            key = ENV_PREFIX + spec.name.upper()
            if key in environ:
                values[spec.name] = _convert(environ[key], spec.type)
        values.update(overrides)
        return cls(**values)
EOF

write weather/client.py <<'EOF'
"""High-level client that hides provider details behind a small API."""

from weather.config import Config
from weather.models import Location
from weather.providers import get_provider


class WeatherClient:
    """Entry point of the library.

    Settings come from a :class:`~weather.config.Config` (by default read
    from the environment); keyword arguments override single fields, and
    ``fetch`` replaces the HTTP layer in tests.

    >>> client = WeatherClient(provider="open-meteo")
    >>> client.current(52.52, 13.41).temperature_c  # doctest: +SKIP
    4.2
    """

    def __init__(self, config=None, fetch=None, **overrides):
        self.config = config or Config.from_env()
        for name, value in overrides.items():
            setattr(self.config, name, value)
        self.provider = get_provider(self.config.provider, fetch=fetch)

    def current(self, latitude, longitude):
        """Return an Observation for the given coordinates."""
        return self.provider.current(Location(latitude, longitude))

    def forecast(self, latitude, longitude, days=3):
        """Return a daily forcast for the next ``days`` days (1 to 14)."""
        if not 1 <= days <= 14:
            raise ValueError("days must be between 1 and 14")
        return self.provider.forecast(Location(latitude, longitude), days)
EOF

write tests/test_config.py <<'EOF'
"""Tests for Config.from_env."""

from weather.config import Config


def test_defaults_without_environment():
    config = Config.from_env(environ={})
    assert config.provider == "open-meteo"
    assert config.timeout == 10.0


def test_values_are_read_and_converted():
    config = Config.from_env(environ={"WEATHER_PROVIDER": "met-no", "WEATHER_TIMEOUT": "2.5"})
    assert config.provider == "met-no"
    assert config.timeout == 2.5


def test_overrides_win_over_environment():
    config = Config.from_env(environ={"WEATHER_PROVIDER": "met-no"}, provider="open-meteo")
    assert config.provider == "open-meteo"
EOF

append docs/usage.md <<'EOF'

## Configuration

`WeatherClient()` reads its settings from `WEATHER_*` environment variables
through `weather.config.Config`:

| Variable | Default | Meaning |
|----------|---------|---------|
| `WEATHER_PROVIDER` | `open-meteo` | provider name |
| `WEATHER_TIMEOUT` | `10` | HTTP timeout in seconds |

Pass `config=Config(...)` or keyword overrides such as
`WeatherClient(provider="met-no")` to configure it in code.
EOF
commit "Add Config object loaded from WEATHER_* environment variables" \
"The client now takes a Config instead of a bare provider name; keyword
overrides keep the old call style working."

# --------------------------------------------------------------------------
# FEATURE: TTL cache
sr_author alice
write weather/cache.py <<'EOF'
"""Small caches used by the client to avoid repeating provider requests."""

import time


class TTLCache:
    """In-memory mapping whose entries expire ``ttl`` seconds after insertion.

    ``clock`` is injectable so tests can move time forward.
    """

    def __init__(self, ttl=300.0, clock=time.monotonic):
        self.ttl = ttl
        self.clock = clock
        self._entries = {}

    def get(self, key):
        """Return the cached value for ``key``, or None if missing or expired."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, value = entry
        if self.clock() >= expires:
            del self._entries[key]
            return None
        return value

    def put(self, key, value):
        """Store ``value`` under ``key`` until the TTL elapses."""
        if self.ttl > 0:
            self._entries[key] = (self.clock() + self.ttl, value)

    def clear(self):
        """Drop every entry."""
        self._entries.clear()

    def __len__(self):
        return len(self._entries)


def make_key(kind, provider, location, *extra):
    """Build a cache key from the request kind, provider name and location."""
    return (kind, provider, round(location.latitude, 1), round(location.longitude, 1)) + extra
EOF

write weather/client.py <<'EOF'
"""High-level client that hides provider details behind a small API."""

from weather.cache import TTLCache, make_key
from weather.config import Config
from weather.models import Location
from weather.providers import get_provider


class WeatherClient:
    """Entry point of the library.

    Settings come from a :class:`~weather.config.Config` (by default read
    from the environment); keyword arguments override single fields, and
    ``fetch`` replaces the HTTP layer in tests. Responses are cached for
    ``config.cache_ttl`` seconds.

    >>> client = WeatherClient(provider="open-meteo")
    >>> client.current(52.52, 13.41).temperature_c  # doctest: +SKIP
    4.2
    """

    def __init__(self, config=None, fetch=None, **overrides):
        self.config = config or Config.from_env()
        for name, value in overrides.items():
            setattr(self.config, name, value)
        self.provider = get_provider(self.config.provider, fetch=fetch)
        self.cache = TTLCache(ttl=self.config.cache_ttl)

    def _cached(self, key, compute):
        """Return the cached value for ``key``, computing and storing it if absent."""
        value = self.cache.get(key)
        if value is None:
            value = compute()
            self.cache.put(key, value)
        return value

    def current(self, latitude, longitude):
        """Return an Observation for the given coordinates."""
        location = Location(latitude, longitude)
        key = make_key("current", self.provider.name, location)
        return self._cached(key, lambda: self.provider.current(location))

    def forecast(self, latitude, longitude, days=3):
        """Return a daily forcast for the next ``days`` days (1 to 14)."""
        if not 1 <= days <= 14:
            raise ValueError("days must be between 1 and 14")
        location = Location(latitude, longitude)
        key = make_key("forecast", self.provider.name, location, days)
        return self._cached(key, lambda: self.provider.forecast(location, days))
EOF

sed -i 's/^    timeout: float = 10.0$/&\n    cache_ttl: float = 300.0/' weather/config.py

write tests/test_cache.py <<'EOF'
"""Tests for the response caches."""

from weather.cache import TTLCache, make_key
from weather.models import Location


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_entries_expire_after_ttl():
    clock = FakeClock()
    cache = TTLCache(ttl=10, clock=clock)
    cache.put("k", "v")
    assert cache.get("k") == "v"
    clock.now += 11
    assert cache.get("k") is None
    assert len(cache) == 0


def test_zero_ttl_disables_caching():
    cache = TTLCache(ttl=0)
    cache.put("k", "v")
    assert cache.get("k") is None


def test_client_uses_cache(fake_fetch):
    from weather.client import WeatherClient

    current = {"current": {"time": "2024-01-05T12:00", "temperature_2m": 3.5,
                           "wind_speed_10m": 4.0, "relative_humidity_2m": 81}}
    fetch = fake_fetch({"https://api.open-meteo.com": current})
    client = WeatherClient(provider="open-meteo", fetch=fetch)
    client.current(52.52, 13.41)
    client.current(52.52, 13.41)
    assert len(fetch.calls) == 1


def test_keys_differ_by_kind():
    here = Location(1.0, 2.0)
    assert make_key("current", "p", here) != make_key("forecast", "p", here)
EOF

append docs/usage.md <<'EOF'

## Caching

The client caches observations and forecasts in memory for
`WEATHER_CACHE_TTL` seconds (default 300). Set it to `0` to disable caching.
EOF
commit "Add in-memory TTL cache for provider responses in the client"

# --------------------------------------------------------------------------
# FEATURE: CLI
sr_author chen
write weather/cli.py <<'EOF'
"""Command-line interface: ``python -m weather`` or the ``pyweather`` script."""

import argparse
import sys

from weather.client import WeatherClient
from weather.config import Config
from weather.errors import WeatherError

COMMANDS = {}


def command(name, help_text, arguments=()):
    """Register the decorated function as the subcommand ``name``.

    ``arguments`` is a sequence of ``(flags, options)`` pairs passed to
    ``add_argument``. A command receives ``(client, args)`` and returns the
    text to print.
    """
    def decorate(func):
        COMMANDS[name] = (func, help_text, list(arguments))
        return func
    return decorate


def build_parser():
    """Create the argument parser with one subparser per registered command."""
    parser = argparse.ArgumentParser(prog="pyweather", description="Query weather providers.")
    parser.add_argument("--provider", help="provider name (default: $WEATHER_PROVIDER)")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name, (_, help_text, arguments) in sorted(COMMANDS.items()):
        sub = subparsers.add_parser(name, help=help_text)
        for flags, options in arguments:
            sub.add_argument(*flags, **options)
    return parser


def main(argv=None, client_factory=WeatherClient):
    """Run the CLI and return the process exit code."""
    args = build_parser().parse_args(argv)
    config = Config.from_env()
    if args.provider:
        config.provider = args.provider
    try:
        client = client_factory(config=config)
        func = COMMANDS[args.command][0]
        print(func(client, args))
    except WeatherError as exc:
        print(f"pyweather: {exc}", file=sys.stderr)
        return 1
    return 0


LOCATION = [
    (("latitude",), {"type": float, "help": "latitude in decimal degrees"}),
    (("longitude",), {"type": float, "help": "longitude in decimal degrees"}),
]


@command("current", "show current conditions", LOCATION)
def cmd_current(client, args):
    """Format the current observation as one line."""
    obs = client.current(args.latitude, args.longitude)
    return f"{obs.temperature_c:.1f} C, wind {obs.wind_speed_ms:.1f} m/s, humidity {obs.humidity:.0f}%"


@command("forecast", "show a daily forecast", LOCATION + [
    (("--days",), {"type": int, "default": 3, "help": "number of days (1-14)"}),
])
def cmd_forecast(client, args):
    """Format one line per forecast day."""
    forecast = client.forecast(args.latitude, args.longitude, days=args.days)
    return "\n".join(
        f"{day.date}: {day.min_c:.0f}..{day.max_c:.0f} C, {day.precipitation_mm:.1f} mm"
        for day in forecast.days
    )
EOF

write weather/__main__.py <<'EOF'
"""Allow ``python -m weather``."""

import sys

from weather.cli import main

if __name__ == "__main__":
    sys.exit(main())
EOF

sed -i 's/^\[project.optional-dependencies\]$/[project.scripts]\npyweather = "weather.cli:main"\n\n&/' pyproject.toml

write tests/test_cli.py <<'EOF'
"""Tests for the command-line interface, using a stub client."""

from datetime import datetime

from weather import cli
from weather.models import DailyForecast, Forecast, Location, Observation


class StubClient:
    """Returns fixed data instead of calling a provider."""

    def __init__(self, config=None):
        self.config = config

    def current(self, latitude, longitude):
        return Observation(Location(latitude, longitude), datetime(2024, 1, 5, 12), 4.5, 3.0, 80.0)

    def forecast(self, latitude, longitude, days=3):
        day = DailyForecast("2024-01-05", -1.0, 5.0, 0.4)
        return Forecast(Location(latitude, longitude), "stub", [day] * days)


def test_current_prints_one_line(capsys):
    assert cli.main(["current", "52.5", "13.4"], client_factory=StubClient) == 0
    assert "4.5 C" in capsys.readouterr().out


def test_forecast_prints_requested_days(capsys):
    assert cli.main(["forecast", "52.5", "13.4", "--days", "2"], client_factory=StubClient) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 2
EOF

write docs/cli.md <<'EOF'
# Command-line interface

Installing the package provides a `pyweather` script (also `python -m weather`).

    pyweather [--provider NAME] COMMAND ...

## Commands

`current LAT LON`
: current temperature, wind and humidity.

`forecast LAT LON [--days N]`
: one line per day with minimum/maximum temperature and precipitation.

Exit status is 0 on success and 1 when the provider or the network fails.
EOF
commit "Add command-line interface with current and forecast commands" \
"Commands register themselves with the @command decorator so new ones only
need a function in weather/cli.py."

# --------------------------------------------------------------------------
sed -i '/^from weather.models import Location$/d' tests/test_client.py
sed -i 's/^from weather.client import WeatherClient$/&\nfrom weather.models import Location/' tests/test_client.py
sed -i 's/^import pytest$/&\n/' tests/test_client.py
commit "Sort imports in client tests"

# --------------------------------------------------------------------------
# FEATURE: provider MET Norway
sr_author bob
write weather/providers/metno.py <<'EOF'
"""MET Norway provider (https://api.met.no): free, global coverage."""

from datetime import datetime

from ..models import DailyForecast, Forecast, Observation
from .base import Provider

BASE_URL = "https://api.met.no/weatherapi/locationforecast/2.0/compact"


class MetNoProvider(Provider):
    """Reads the compact Locationforecast 2.0 product from MET Norway.

    MET Norway asks for at most four decimals in coordinates.
    """

    name = "met-no"

    def _timeseries(self, location):
        """Fetch and return the raw ``timeseries`` list for ``location``."""
        data = self.fetch(BASE_URL, {
            "lat": round(location.latitude, 4),
            "lon": round(location.longitude, 4),
        })
        return data["properties"]["timeseries"]

    def current(self, location):
        """Use the first timeseries entry as the current observation."""
        first = self._timeseries(location)[0]
        details = first["data"]["instant"]["details"]
        return Observation(
            location=location,
            time=datetime.fromisoformat(first["time"].replace("Z", "+00:00")),
            temperature_c=details["air_temperature"],
            wind_speed_ms=details["wind_speed"],
            humidity=details["relative_humidity"],
        )

    def forecast(self, location, days=3):
        """Aggregate hourly entries into daily minimum and maximum temperatures."""
        by_day = {}
        for entry in self._timeseries(location):
            day = entry["time"][:10]
            temp = entry["data"]["instant"]["details"]["air_temperature"]
            low, high = by_day.get(day, (temp, temp))
            by_day[day] = (min(low, temp), max(high, temp))
        result = Forecast(location=location, provider=self.name)
        for day in sorted(by_day)[:days]:
            low, high = by_day[day]
            result.days.append(DailyForecast(date=day, min_c=low, max_c=high))
        return result
EOF
write_registry openmeteo:OpenMeteoProvider metno:MetNoProvider

append tests/test_providers.py <<'EOF'


METNO = {
    "properties": {
        "timeseries": [
            {"time": "2024-01-05T12:00:00Z",
             "data": {"instant": {"details": {"air_temperature": 2.0, "wind_speed": 5.1,
                                              "relative_humidity": 90.0}}}},
            {"time": "2024-01-05T18:00:00Z",
             "data": {"instant": {"details": {"air_temperature": -1.0, "wind_speed": 3.0,
                                              "relative_humidity": 95.0}}}},
        ]
    }
}


def test_metno_current(fake_fetch):
    provider = get_provider("met-no", fetch=fake_fetch({"https://api.met.no": METNO}))
    obs = provider.current(BERLIN)
    assert obs.temperature_c == 2.0
    assert obs.wind_speed_ms == 5.1


def test_metno_forecast_aggregates_days(fake_fetch):
    provider = get_provider("met-no", fetch=fake_fetch({"https://api.met.no": METNO}))
    day = provider.forecast(BERLIN, days=1).days[0]
    assert (day.min_c, day.max_c) == (-1.0, 2.0)
EOF

sed -i 's/^| `open-meteo` | `openmeteo.py` | no |$/&\n| `met-no` | `metno.py` | no |/' docs/providers.md
append docs/providers.md <<'EOF'

## met-no

Uses the Locationforecast 2.0 API of the Norwegian Meteorological Institute.
Global coverage, hourly resolution; the daily forecast is aggregated from the
hourly values. Coordinates are rounded to four decimals as MET requires.
EOF
commit "Add MET Norway provider to the provider registry"

# --------------------------------------------------------------------------
sr_author alice
sed -i 's/^            current="temperature_2m,wind_speed_10m,relative_humidity_2m",$/&\n            wind_speed_unit="ms",/' weather/providers/openmeteo.py
commit "Request wind speed in m/s from Open-Meteo" \
"Open-Meteo reports km/h by default, so wind speeds were 3.6 times too high."

# --------------------------------------------------------------------------
# FEATURE: retry with exponential backoff
sr_author dana
write weather/http.py <<'EOF'
"""Minimal JSON-over-HTTP helper built on urllib, with retries."""

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from .errors import TransportError

USER_AGENT = "pyweather/0.1 (+https://example.com/pyweather)"
RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})


@dataclass
class RetryPolicy:
    """How often and how patiently to retry failed requests.

    The delay before attempt ``n`` (counting from 1 for the first retry) is
    ``backoff_base * 2 ** (n - 1)`` seconds, capped at ``max_delay``.
    """

    max_retries: int = 2
    backoff_base: float = 0.5
    max_delay: float = 8.0

    def delay(self, attempt):
        """Return the sleep before retry number ``attempt``."""
        return min(self.max_delay, self.backoff_base * 2 ** (attempt - 1))


NO_RETRY = RetryPolicy(max_retries=0)


def build_url(base, params=None):
    """Append URL-encoded ``params`` to ``base``, sorting keys for stable URLs."""
    if not params:
        return base
    query = urllib.parse.urlencode(sorted(params.items()))
    return f"{base}?{query}"


def _get_once(url, timeout, headers):
    """Perform one GET request and return the decoded body."""
    request = urllib.request.Request(url)
    request.add_header("User-Agent", USER_AGENT)
    request.add_header("Accept", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read().decode("utf-8")


def get_json(url, params=None, timeout=10.0, headers=None, retry=NO_RETRY,
             sleep=time.sleep, opener=_get_once):
    """Fetch ``url`` with ``params`` and decode the JSON body.

    Connection errors and retryable HTTP statuses are retried according to
    ``retry``. Raises TransportError when all attempts fail or the body is
    not valid JSON.
    """
    full_url = build_url(url, params)
    attempt = 0
    while True:
        try:
            payload = opener(full_url, timeout, headers)
            break
        except urllib.error.HTTPError as exc:
            if exc.code not in RETRYABLE_STATUS or attempt >= retry.max_retries:
                raise TransportError(f"HTTP {exc.code} for {url}") from exc
        except urllib.error.URLError as exc:
            if attempt >= retry.max_retries:
                raise TransportError(f"cannot reach {url}: {exc.reason}") from exc
        attempt += 1
        sleep(retry.delay(attempt))
    try:
        return json.loads(payload)
    except ValueError as exc:
        raise TransportError(f"invalid JSON from {url}") from exc
EOF

sed -i 's/^    cache_ttl: float = 300.0$/&\n    max_retries: int = 2\n    backoff_base: float = 0.5/' weather/config.py

sed -i 's/^from weather.cache import TTLCache, make_key$/import functools\n\n&/' weather/client.py
sed -i 's/^from weather.config import Config$/&\nfrom weather.http import RetryPolicy, get_json/' weather/client.py
sed -i 's/^        self.provider = get_provider(self.config.provider, fetch=fetch)$/        if fetch is None:\n            policy = RetryPolicy(self.config.max_retries, self.config.backoff_base)\n            fetch = functools.partial(get_json, timeout=self.config.timeout, retry=policy)\n        self.fetch = fetch\n&/' weather/client.py

write tests/test_http.py <<'EOF'
"""Tests for the HTTP helper's URL building and retry behaviour."""

import urllib.error

import pytest

from weather.errors import TransportError
from weather.http import RetryPolicy, build_url, get_json


class FlakyOpener:
    """Fails with the given errors, then returns ``body``."""

    def __init__(self, errors, body='{"ok": true}'):
        self.errors = list(errors)
        self.body = body
        self.calls = 0

    def __call__(self, url, timeout, headers):
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return self.body


def http_error(code):
    return urllib.error.HTTPError("http://x", code, "error", {}, None)


def test_build_url_sorts_parameters():
    assert build_url("http://x", {"b": 2, "a": 1}) == "http://x?a=1&b=2"


def test_retries_then_succeeds():
    opener = FlakyOpener([http_error(503), urllib.error.URLError("reset")])
    delays = []
    result = get_json("http://x", retry=RetryPolicy(max_retries=2), sleep=delays.append, opener=opener)
    assert result == {"ok": True}
    assert delays == [0.5, 1.0]


def test_gives_up_after_max_retries():
    opener = FlakyOpener([http_error(503)] * 3)
    with pytest.raises(TransportError):
        get_json("http://x", retry=RetryPolicy(max_retries=2), sleep=lambda s: None, opener=opener)
    assert opener.calls == 3


def test_client_errors_are_not_retried():
    opener = FlakyOpener([http_error(404)])
    with pytest.raises(TransportError):
        get_json("http://x", retry=RetryPolicy(max_retries=5), sleep=lambda s: None, opener=opener)
    assert opener.calls == 1


def test_backoff_is_capped():
    assert RetryPolicy(backoff_base=1, max_delay=4).delay(10) == 4
EOF

append docs/usage.md <<'EOF'

## Retries

Failed requests (connection errors and HTTP 429/5xx) are retried with
exponential backoff: 0.5 s, 1 s, 2 s, ... capped at 8 s.

| Variable | Default | Meaning |
|----------|---------|---------|
| `WEATHER_MAX_RETRIES` | `2` | retries after the first attempt |
| `WEATHER_BACKOFF_BASE` | `0.5` | first delay in seconds |
EOF
commit "Add retry with exponential backoff to the HTTP transport" \
"Connection errors and HTTP 429/5xx responses are retried; the policy comes
from WEATHER_MAX_RETRIES and WEATHER_BACKOFF_BASE."

# --------------------------------------------------------------------------
sr_author alice
sed -i 's/^__version__ = "0.1.0"$/__version__ = "0.2.0"/' weather/__init__.py
sed -i 's/^version = "0.1.0"$/version = "0.2.0"/' pyproject.toml
write CHANGELOG.md <<'EOF'
# Changelog

## 0.2.0

- MET Norway provider.
- Configuration from `WEATHER_*` environment variables.
- In-memory response cache.
- Retries with exponential backoff.
- `pyweather` command-line interface.

## 0.1.0

- First release with the Open-Meteo provider.
EOF
commit "Release 0.2.0"

# --------------------------------------------------------------------------
# Refactor: rename http.py -> transport.py
sr_author dana
g mv weather/http.py weather/transport.py
g mv tests/test_http.py tests/test_transport.py
sed -i 's/^from weather.http import RetryPolicy, get_json$/from weather.transport import RetryPolicy, get_json/' weather/client.py
sed -i 's/^from \.\.http import get_json$/from ..transport import get_json/' weather/providers/base.py
sed -i 's/^from weather.http import /from weather.transport import /; s/^"""Tests for the HTTP helper/"""Tests for the transport module/' tests/test_transport.py
commit "Rename http module to transport to avoid confusion with the stdlib" \
"weather/http.py shadowed the standard library http package in some
editors and tools; the module is now weather/transport.py."

# --------------------------------------------------------------------------
sr_author chen
append docs/providers.md <<'EOF'

## Choosing a provider

Select a provider by name, in code or through the environment:

```python
client = WeatherClient(provider="met-no")
```

    WEATHER_PROVIDER=met-no pyweather current 59.91 10.75

`weather.providers.available()` lists the registered names.
EOF
commit "Document how to choose a provider"

# --------------------------------------------------------------------------
# FEATURE: provider WeatherAPI.com
sr_author bob
write weather/providers/weatherapi.py <<'EOF'
"""WeatherAPI.com provider (https://www.weatherapi.com): requires an API key."""

from datetime import datetime

from ..errors import ProviderError
from ..models import DailyForecast, Forecast, Observation
from .base import Provider

BASE_URL = "https://api.weatherapi.com/v1"


class WeatherApiProvider(Provider):
    """Client for the WeatherAPI.com current and forecast endpoints."""

    name = "weatherapi"
    requires_api_key = True

    def _get(self, endpoint, location, **params):
        """Call ``endpoint`` with the key and ``q=lat,lon``."""
        if not self.api_key:
            raise ProviderError(self.name, "an API key is required (WEATHER_API_KEY)")
        params.update(key=self.api_key, q=f"{location.latitude},{location.longitude}")
        data = self.fetch(f"{BASE_URL}/{endpoint}.json", params)
        if "error" in data:
            raise ProviderError(self.name, data["error"].get("message", "unknown error"))
        return data

    def current(self, location):
        """Return the ``current`` block as an Observation."""
        now = self._get("current", location)["current"]
        return Observation(
            location=location,
            time=datetime.fromtimestamp(now["last_updated_epoch"]),
            temperature_c=now["temp_c"],
            wind_speed_ms=now["wind_kph"] / 3.6,
            humidity=now["humidity"],
            description=now["condition"]["text"],
        )

    def forecast(self, location, days=3):
        """Return ``days`` entries of ``forecast.forecastday``."""
        data = self._get("forecast", location, days=days)
        result = Forecast(location=location, provider=self.name)
        for entry in data["forecast"]["forecastday"]:
            day = entry["day"]
            result.days.append(DailyForecast(
                date=entry["date"],
                min_c=day["mintemp_c"],
                max_c=day["maxtemp_c"],
                precipitation_mm=day["totalprecip_mm"],
            ))
        return result
EOF
write_registry openmeteo:OpenMeteoProvider metno:MetNoProvider weatherapi:WeatherApiProvider

sed -i 's/^from dataclasses import dataclass, fields$/&\nfrom typing import Optional/' weather/config.py
sed -i 's/^    backoff_base: float = 0.5$/&\n    api_key: Optional[str] = None/' weather/config.py
sed -i 's/^        self.provider = get_provider(self.config.provider, fetch=fetch)$/        self.provider = get_provider(self.config.provider, fetch=fetch, api_key=self.config.api_key)/' weather/client.py

append tests/test_providers.py <<'EOF'


WEATHERAPI_FORECAST = {
    "forecast": {
        "forecastday": [
            {"date": "2024-01-05", "day": {"mintemp_c": -2.0, "maxtemp_c": 3.0, "totalprecip_mm": 1.2}},
        ]
    }
}


def test_weatherapi_requires_key(fake_fetch):
    from weather.errors import ProviderError

    provider = get_provider("weatherapi", fetch=fake_fetch({}))
    with pytest.raises(ProviderError):
        provider.forecast(BERLIN)


def test_weatherapi_forecast_sends_key(fake_fetch):
    fetch = fake_fetch({"https://api.weatherapi.com": WEATHERAPI_FORECAST})
    provider = get_provider("weatherapi", fetch=fetch, api_key="secret")
    forecast = provider.forecast(BERLIN, days=1)
    assert forecast.days[0].precipitation_mm == 1.2
    assert fetch.calls[0][1]["key"] == "secret"
EOF

sed -i 's/^| `met-no` | `metno.py` | no |$/&\n| `weatherapi` | `weatherapi.py` | yes (`WEATHER_API_KEY`) |/' docs/providers.md
append docs/providers.md <<'EOF'

## weatherapi

Uses https://www.weatherapi.com. Requires a free API key, passed as
`WEATHER_API_KEY` or `WeatherClient(api_key=...)`. Wind speed is converted
from km/h to m/s.
EOF
commit "Add WeatherAPI.com provider with API key support" \
"Adds an api_key field to Config (WEATHER_API_KEY) that the client passes
to every provider."

# --------------------------------------------------------------------------
sr_author alice
sed -i 's/round(location.latitude, 1), round(location.longitude, 1)/round(location.latitude, 3), round(location.longitude, 3)/' weather/cache.py
append tests/test_cache.py <<'EOF'


def test_nearby_locations_do_not_collide():
    assert make_key("current", "p", Location(52.52, 13.41)) != make_key("current", "p", Location(52.49, 13.38))
EOF
commit "Fix cache key collision for nearby coordinates" \
"Keys rounded coordinates to one decimal (about 11 km), so nearby cities
shared cached observations."

# --------------------------------------------------------------------------
# FEATURE: unit conversion
sr_author chen
write weather/units.py <<'EOF'
"""Conversion between the metric values used internally and display units."""

METRIC = "metric"
IMPERIAL = "imperial"
SYSTEMS = (METRIC, IMPERIAL)


def celsius_to_fahrenheit(value):
    """Convert degrees Celsius to degrees Fahrenheit."""
    return value * 9.0 / 5.0 + 32.0


def ms_to_mph(value):
    """Convert metres per second to miles per hour."""
    return value * 2.236936


def mm_to_inches(value):
    """Convert millimetres to inches."""
    return value / 25.4


def check_system(system):
    """Raise ValueError unless ``system`` is a known unit system."""
    if system not in SYSTEMS:
        raise ValueError(f"unknown unit system {system!r}; use one of {SYSTEMS}")
    return system


def temperature(value, system=METRIC):
    """Format a Celsius temperature in ``system`` units."""
    if check_system(system) == IMPERIAL:
        return f"{celsius_to_fahrenheit(value):.1f} F"
    return f"{value:.1f} C"


def speed(value, system=METRIC):
    """Format a speed given in m/s in ``system`` units."""
    if check_system(system) == IMPERIAL:
        return f"{ms_to_mph(value):.1f} mph"
    return f"{value:.1f} m/s"


def precipitation(value, system=METRIC):
    """Format a precipitation amount given in mm in ``system`` units."""
    if check_system(system) == IMPERIAL:
        return f"{mm_to_inches(value):.2f} in"
    return f"{value:.1f} mm"
EOF

sed -i 's/^    api_key: Optional\[str\] = None$/&\n    units: str = "metric"/' weather/config.py

write weather/cli.py <<'EOF'
"""Command-line interface: ``python -m weather`` or the ``pyweather`` script."""

import argparse
import sys

from weather import units
from weather.client import WeatherClient
from weather.config import Config
from weather.errors import WeatherError

COMMANDS = {}


def command(name, help_text, arguments=()):
    """Register the decorated function as the subcommand ``name``.

    ``arguments`` is a sequence of ``(flags, options)`` pairs passed to
    ``add_argument``. A command receives ``(client, args)`` and returns the
    text to print.
    """
    def decorate(func):
        COMMANDS[name] = (func, help_text, list(arguments))
        return func
    return decorate


def build_parser():
    """Create the argument parser with one subparser per registered command."""
    parser = argparse.ArgumentParser(prog="pyweather", description="Query weather providers.")
    parser.add_argument("--provider", help="provider name (default: $WEATHER_PROVIDER)")
    parser.add_argument("--units", choices=units.SYSTEMS, help="unit system (default: $WEATHER_UNITS)")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name, (_, help_text, arguments) in sorted(COMMANDS.items()):
        sub = subparsers.add_parser(name, help=help_text)
        for flags, options in arguments:
            sub.add_argument(*flags, **options)
    return parser


def main(argv=None, client_factory=WeatherClient):
    """Run the CLI and return the process exit code."""
    args = build_parser().parse_args(argv)
    config = Config.from_env()
    if args.provider:
        config.provider = args.provider
    args.units = args.units or config.units
    try:
        client = client_factory(config=config)
        func = COMMANDS[args.command][0]
        print(func(client, args))
    except WeatherError as exc:
        print(f"pyweather: {exc}", file=sys.stderr)
        return 1
    return 0


LOCATION = [
    (("latitude",), {"type": float, "help": "latitude in decimal degrees"}),
    (("longitude",), {"type": float, "help": "longitude in decimal degrees"}),
]


@command("current", "show current conditions", LOCATION)
def cmd_current(client, args):
    """Format the current observation as one line."""
    obs = client.current(args.latitude, args.longitude)
    return (f"{units.temperature(obs.temperature_c, args.units)}, "
            f"wind {units.speed(obs.wind_speed_ms, args.units)}, humidity {obs.humidity:.0f}%")


@command("forecast", "show a daily forecast", LOCATION + [
    (("--days",), {"type": int, "default": 3, "help": "number of days (1-14)"}),
])
def cmd_forecast(client, args):
    """Format one line per forecast day."""
    forecast = client.forecast(args.latitude, args.longitude, days=args.days)
    return "\n".join(
        f"{day.date}: {units.temperature(day.min_c, args.units)} .. "
        f"{units.temperature(day.max_c, args.units)}, {units.precipitation(day.precipitation_mm, args.units)}"
        for day in forecast.days
    )
EOF

write tests/test_units.py <<'EOF'
"""Tests for unit conversion and formatting."""

import pytest

from weather import units


def test_freezing_point():
    assert units.celsius_to_fahrenheit(0) == 32.0


def test_formats_metric_by_default():
    assert units.temperature(21.04) == "21.0 C"
    assert units.speed(3) == "3.0 m/s"


def test_formats_imperial():
    assert units.temperature(100, units.IMPERIAL) == "212.0 F"
    assert units.precipitation(25.4, units.IMPERIAL) == "1.00 in"


def test_rejects_unknown_system():
    with pytest.raises(ValueError):
        units.speed(1, "nautical")
EOF

append tests/test_cli.py <<'EOF'


def test_imperial_units_flag(capsys):
    assert cli.main(["--units", "imperial", "current", "40.7", "-74.0"], client_factory=StubClient) == 0
    assert "40.1 F" in capsys.readouterr().out
EOF

append docs/usage.md <<'EOF'

## Units

Values are stored in metric units. The CLI can display imperial units with
`--units imperial` or `WEATHER_UNITS=imperial`; in code use the helpers in
`weather.units` (`temperature`, `speed`, `precipitation`).
EOF
commit "Add unit conversion between metric and imperial systems" \
"New weather.units module, a units setting in Config and a --units option
for the CLI."

# --------------------------------------------------------------------------
# FEATURE: weather alerts
sr_author dana
append weather/models.py <<'EOF'


@dataclass
class Alert:
    """A severe weather warning issued for an area."""

    title: str
    severity: str
    starts: str
    ends: str
    description: str = ""
EOF

append weather/providers/base.py <<'EOF'

    def alerts(self, location: Location):
        """Return active Alerts for ``location``.

        Providers without a warnings feed inherit this implementation and
        raise ProviderError.
        """
        raise ProviderError(self.name, "weather alerts are not supported")
EOF
sed -i 's/^from \.\.transport import get_json$/from ..errors import ProviderError\n&/' weather/providers/base.py

append weather/providers/weatherapi.py <<'EOF'

    def alerts(self, location):
        """Return alerts from the forecast endpoint's ``alerts`` block."""
        from ..models import Alert

        data = self._get("forecast", location, days=1, alerts="yes")
        return [
            Alert(
                title=item.get("headline", ""),
                severity=item.get("severity", "unknown"),
                starts=item.get("effective", ""),
                ends=item.get("expires", ""),
                description=item.get("desc", ""),
            )
            for item in data.get("alerts", {}).get("alert", [])
        ]
EOF

append weather/client.py <<'EOF'

    def alerts(self, latitude, longitude):
        """Return the active severe weather alerts for the coordinates."""
        location = Location(latitude, longitude)
        key = make_key("alerts", self.provider.name, location)
        return self._cached(key, lambda: self.provider.alerts(location))
EOF

append weather/cli.py <<'EOF'


@command("alerts", "list active severe weather alerts", LOCATION)
def cmd_alerts(client, args):
    """Format one line per active alert, or a short message if there are none."""
    alerts = client.alerts(args.latitude, args.longitude)
    if not alerts:
        return "no active alerts"
    return "\n".join(f"[{alert.severity}] {alert.title} ({alert.starts} - {alert.ends})" for alert in alerts)
EOF

append tests/test_cli.py <<'EOF'


class AlertingClient(StubClient):
    """Stub client with one active alert."""

    def alerts(self, latitude, longitude):
        from weather.models import Alert

        return [Alert("Storm warning", "severe", "2024-01-05T12:00", "2024-01-06T06:00")]


def test_alerts_command(capsys):
    assert cli.main(["alerts", "52.5", "13.4"], client_factory=AlertingClient) == 0
    assert "[severe] Storm warning" in capsys.readouterr().out
EOF

append docs/cli.md <<'EOF'

`alerts LAT LON`
: active severe weather warnings; requires a provider with a warnings feed
  (currently `weatherapi`). Other providers exit with status 1.
EOF
commit "Add alerts command to the CLI for severe weather warnings" \
"Providers gain an alerts() method (WeatherAPI.com implements it), the
client caches alerts like other responses, and the CLI prints them."

# --------------------------------------------------------------------------
sr_author alice
g rm -q weather/compat.py
sed -i '/^Code written against the old single-function API/,/^$/d' README.md
commit "Remove deprecated compat module" \
"weather.compat.get_weather has warned since 0.1; use WeatherClient.current."

# --------------------------------------------------------------------------
# FEATURE: provider NOAA
sr_author bob
write weather/providers/noaa.py <<'EOF'
"""NOAA National Weather Service provider (https://api.weather.gov), US only."""

from datetime import datetime

from ..errors import ProviderError
from ..models import DailyForecast, Forecast, Observation
from .base import Provider

BASE_URL = "https://api.weather.gov"


def fahrenheit_to_celsius(value):
    """Convert degrees Fahrenheit to degrees Celsius."""
    return (value - 32.0) * 5.0 / 9.0


class NoaaProvider(Provider):
    """Uses the two-step points/forecast API of the US National Weather Service."""

    name = "noaa"

    def _point(self, location):
        """Resolve ``location`` to the grid metadata of the ``/points`` endpoint."""
        data = self.fetch(f"{BASE_URL}/points/{location.latitude:.4f},{location.longitude:.4f}")
        if "properties" not in data:
            raise ProviderError(self.name, "location is outside the NWS coverage area")
        return data["properties"]

    def current(self, location):
        """Use the first hourly forecast period as the current observation."""
        periods = self.fetch(self._point(location)["forecastHourly"])["properties"]["periods"]
        now = periods[0]
        wind_mph = float(now["windSpeed"].split()[0])
        return Observation(
            location=location,
            time=datetime.fromisoformat(now["startTime"]),
            temperature_c=fahrenheit_to_celsius(now["temperature"]),
            wind_speed_ms=wind_mph * 0.44704,
            humidity=now["relativeHumidity"]["value"],
            description=now["shortForecast"],
        )

    def forecast(self, location, days=3):
        """Pair the day and night periods of the 12-hour forecast into days."""
        periods = self.fetch(self._point(location)["forecast"])["properties"]["periods"]
        by_day = {}
        for period in periods:
            day = period["startTime"][:10]
            temp = fahrenheit_to_celsius(period["temperature"])
            low, high = by_day.get(day, (temp, temp))
            by_day[day] = (min(low, temp), max(high, temp))
        result = Forecast(location=location, provider=self.name)
        for day in sorted(by_day)[:days]:
            result.days.append(DailyForecast(date=day, min_c=by_day[day][0], max_c=by_day[day][1]))
        return result
EOF
write_registry openmeteo:OpenMeteoProvider metno:MetNoProvider weatherapi:WeatherApiProvider noaa:NoaaProvider

append tests/test_providers.py <<'EOF'


NOAA_POINT = {"properties": {"forecast": "https://api.weather.gov/gridpoints/OKX/33,35/forecast",
                             "forecastHourly": "https://api.weather.gov/gridpoints/OKX/33,35/forecast/hourly"}}
NOAA_FORECAST = {"properties": {"periods": [
    {"startTime": "2024-01-05T06:00:00-05:00", "temperature": 50},
    {"startTime": "2024-01-05T18:00:00-05:00", "temperature": 32},
]}}


def test_noaa_forecast_converts_to_celsius(fake_fetch):
    fetch = fake_fetch({
        "https://api.weather.gov/points": NOAA_POINT,
        "https://api.weather.gov/gridpoints": NOAA_FORECAST,
    })
    provider = get_provider("noaa", fetch=fetch)
    day = provider.forecast(Location(40.71, -74.0), days=1).days[0]
    assert (day.min_c, day.max_c) == (0.0, 10.0)
    assert len(fetch.calls) == 2
EOF

sed -i 's/^| `weatherapi` | `weatherapi.py` | yes (`WEATHER_API_KEY`) |$/&\n| `noaa` | `noaa.py` | no (US only) |/' docs/providers.md
append docs/providers.md <<'EOF'

## noaa

Uses the US National Weather Service API (https://api.weather.gov). Covers
the United States only; other locations raise `ProviderError`. Each request
first resolves the location to a forecast grid with `/points`.
EOF
commit "Add NOAA National Weather Service provider for US locations"

# --------------------------------------------------------------------------
sr_author chen
sed -i 's/Return a daily forcast for/Return a daily forecast for/' weather/client.py
commit "Fix typo in forecast docstring"

# --------------------------------------------------------------------------
# FEATURE: on-disk cache
sr_author dana
sed -i 's/^import time$/import hashlib\nimport os\nimport pickle\n&/' weather/cache.py
append weather/cache.py <<'EOF'


class DiskCache:
    """Cache that pickles entries into files below ``directory``.

    Survives process restarts, which helps the CLI; entries expire after
    ``ttl`` seconds of wall-clock time.
    """

    def __init__(self, directory, ttl=300.0, clock=time.time):
        self.directory = directory
        self.ttl = ttl
        self.clock = clock
        os.makedirs(directory, exist_ok=True)

    def _path(self, key):
        """Return the file that stores ``key``."""
        digest = hashlib.sha1(repr(key).encode("utf-8")).hexdigest()
        return os.path.join(self.directory, digest + ".pickle")

    def get(self, key):
        """Return the cached value for ``key``, or None if missing or expired."""
        try:
            with open(self._path(key), "rb") as handle:
                expires, value = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError):
            return None
        if self.clock() >= expires:
            return None
        return value

    def put(self, key, value):
        """Store ``value`` under ``key`` until the TTL elapses."""
        if self.ttl <= 0:
            return
        tmp = self._path(key) + ".tmp"
        with open(tmp, "wb") as handle:
            pickle.dump((self.clock() + self.ttl, value), handle)
        os.replace(tmp, self._path(key))

    def clear(self):
        """Delete every cache file."""
        for name in os.listdir(self.directory):
            if name.endswith(".pickle"):
                os.remove(os.path.join(self.directory, name))


def make_cache(config):
    """Return the cache selected by ``config.cache_dir`` (memory when unset)."""
    if config.cache_dir:
        return DiskCache(os.path.expanduser(config.cache_dir), ttl=config.cache_ttl)
    return TTLCache(ttl=config.cache_ttl)
EOF

sed -i 's/^    units: str = "metric"$/&\n    cache_dir: Optional[str] = None/' weather/config.py
sed -i 's/^from weather.cache import TTLCache, make_key$/from weather.cache import make_cache, make_key/' weather/client.py
sed -i 's/^        self.cache = TTLCache(ttl=self.config.cache_ttl)$/        self.cache = make_cache(self.config)/' weather/client.py

append tests/test_cache.py <<'EOF'


def test_disk_cache_round_trip(tmp_path):
    from weather.cache import DiskCache

    cache = DiskCache(str(tmp_path), ttl=60)
    cache.put(("current", 1), {"t": 3})
    assert DiskCache(str(tmp_path), ttl=60).get(("current", 1)) == {"t": 3}
    cache.clear()
    assert cache.get(("current", 1)) is None


def test_make_cache_honours_cache_dir(tmp_path):
    from weather.cache import DiskCache, make_cache
    from weather.config import Config

    assert isinstance(make_cache(Config(cache_dir=str(tmp_path))), DiskCache)
    assert isinstance(make_cache(Config()), TTLCache)
EOF

append docs/usage.md <<'EOF'

### Persistent cache

Set `WEATHER_CACHE_DIR` (for example `~/.cache/pyweather`) to keep cached
responses on disk between runs. This is most useful for the CLI.
EOF
commit "Add on-disk cache backend selectable from configuration" \
"WEATHER_CACHE_DIR switches the client from the in-memory TTLCache to a
pickle-based DiskCache."

# --------------------------------------------------------------------------
# FEATURE: JSON output
sr_author chen
write weather/formatting.py <<'EOF'
"""Rendering of client results as human-readable text or JSON."""

import dataclasses
import json
from datetime import datetime

from weather import units

FORMATS = ("text", "json")


def _default(value):
    """JSON encoder hook for dataclasses and datetimes."""
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(value):
    """Serialise a model object (or a list of them) as indented JSON."""
    return json.dumps(value, default=_default, indent=2, sort_keys=True)


def observation_text(obs, system=units.METRIC):
    """Render an Observation as one line."""
    return (f"{units.temperature(obs.temperature_c, system)}, "
            f"wind {units.speed(obs.wind_speed_ms, system)}, humidity {obs.humidity:.0f}%")


def forecast_text(forecast, system=units.METRIC):
    """Render a Forecast as one line per day."""
    return "\n".join(
        f"{day.date}: {units.temperature(day.min_c, system)} .. "
        f"{units.temperature(day.max_c, system)}, {units.precipitation(day.precipitation_mm, system)}"
        for day in forecast.days
    )


def alerts_text(alerts):
    """Render a list of Alerts as one line each."""
    if not alerts:
        return "no active alerts"
    return "\n".join(f"[{alert.severity}] {alert.title} ({alert.starts} - {alert.ends})" for alert in alerts)
EOF

write weather/cli.py <<'EOF'
"""Command-line interface: ``python -m weather`` or the ``pyweather`` script."""

import argparse
import sys

from weather import formatting, units
from weather.client import WeatherClient
from weather.config import Config
from weather.errors import WeatherError

COMMANDS = {}


def command(name, help_text, arguments=()):
    """Register the decorated function as the subcommand ``name``.

    ``arguments`` is a sequence of ``(flags, options)`` pairs passed to
    ``add_argument``. A command receives ``(client, args)`` and returns a
    ``(value, text)`` pair: the raw result for ``--format json`` and its
    human-readable rendering.
    """
    def decorate(func):
        COMMANDS[name] = (func, help_text, list(arguments))
        return func
    return decorate


def build_parser():
    """Create the argument parser with one subparser per registered command."""
    parser = argparse.ArgumentParser(prog="pyweather", description="Query weather providers.")
    parser.add_argument("--provider", help="provider name (default: $WEATHER_PROVIDER)")
    parser.add_argument("--units", choices=units.SYSTEMS, help="unit system (default: $WEATHER_UNITS)")
    parser.add_argument("--format", choices=formatting.FORMATS, default="text", help="output format")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name, (_, help_text, arguments) in sorted(COMMANDS.items()):
        sub = subparsers.add_parser(name, help=help_text)
        for flags, options in arguments:
            sub.add_argument(*flags, **options)
    return parser


def main(argv=None, client_factory=WeatherClient):
    """Run the CLI and return the process exit code."""
    args = build_parser().parse_args(argv)
    config = Config.from_env()
    if args.provider:
        config.provider = args.provider
    args.units = args.units or config.units
    try:
        client = client_factory(config=config)
        value, text = COMMANDS[args.command][0](client, args)
    except WeatherError as exc:
        print(f"pyweather: {exc}", file=sys.stderr)
        return 1
    print(formatting.to_json(value) if args.format == "json" else text)
    return 0


LOCATION = [
    (("latitude",), {"type": float, "help": "latitude in decimal degrees"}),
    (("longitude",), {"type": float, "help": "longitude in decimal degrees"}),
]


@command("current", "show current conditions", LOCATION)
def cmd_current(client, args):
    """Return the current observation."""
    obs = client.current(args.latitude, args.longitude)
    return obs, formatting.observation_text(obs, args.units)


@command("forecast", "show a daily forecast", LOCATION + [
    (("--days",), {"type": int, "default": 3, "help": "number of days (1-14)"}),
])
def cmd_forecast(client, args):
    """Return the daily forecast."""
    forecast = client.forecast(args.latitude, args.longitude, days=args.days)
    return forecast, formatting.forecast_text(forecast, args.units)


@command("alerts", "list active severe weather alerts", LOCATION)
def cmd_alerts(client, args):
    """Return the active alerts."""
    alerts = client.alerts(args.latitude, args.longitude)
    return alerts, formatting.alerts_text(alerts)
EOF

write tests/test_formatting.py <<'EOF'
"""Tests for text and JSON rendering."""

import json
from datetime import datetime

from weather import formatting
from weather.models import Location, Observation


def make_observation():
    return Observation(Location(1.0, 2.0), datetime(2024, 1, 5, 12), 4.5, 3.0, 80.0)


def test_json_serialises_dataclasses_and_datetimes():
    data = json.loads(formatting.to_json(make_observation()))
    assert data["time"] == "2024-01-05T12:00:00"
    assert data["location"] == {"latitude": 1.0, "longitude": 2.0}


def test_observation_text():
    assert formatting.observation_text(make_observation()).startswith("4.5 C")


def test_empty_alerts_text():
    assert formatting.alerts_text([]) == "no active alerts"
EOF

append tests/test_cli.py <<'EOF'


def test_json_format(capsys):
    import json

    assert cli.main(["--format", "json", "current", "52.5", "13.4"], client_factory=StubClient) == 0
    assert json.loads(capsys.readouterr().out)["temperature_c"] == 4.5
EOF

append docs/cli.md <<'EOF'

## Output formats

`--format json` prints the raw result objects as JSON instead of text, for
use in scripts:

    pyweather --format json forecast 52.52 13.41 --days 2
EOF
commit "Add JSON output format to all CLI commands" \
"Rendering moves from weather/cli.py to the new weather/formatting.py;
commands now return the raw value and its text form."

# --------------------------------------------------------------------------
sr_author alice
sed -i 's/^__version__ = "0.2.0"$/__version__ = "0.3.0"/' weather/__init__.py
sed -i 's/^version = "0.2.0"$/version = "0.3.0"/' pyproject.toml
sed -i 's/^# Changelog$/&\n\n## 0.3.0\n\n- WeatherAPI.com and NOAA providers.\n- Weather alerts (`pyweather alerts`).\n- Imperial units, JSON output and an on-disk cache.\n- `weather.http` renamed to `weather.transport`; `weather.compat` removed./' CHANGELOG.md
commit "Release 0.3.0"

# --------------------------------------------------------------------------
# FEATURE: hourly forecast
sr_author bob
append weather/models.py <<'EOF'


@dataclass
class HourlyForecast:
    """Forecast for one hour (``time`` is an ISO timestamp in UTC)."""

    time: str
    temperature_c: float
    precipitation_probability: float = 0.0
EOF

append weather/providers/base.py <<'EOF'

    def hourly(self, location: Location, hours: int = 24):
        """Return a list of HourlyForecast entries for the next ``hours`` hours."""
        raise ProviderError(self.name, "hourly forecasts are not supported")
EOF

append weather/providers/openmeteo.py <<'EOF'

    def hourly(self, location, hours=24):
        """Return the first ``hours`` entries of the ``hourly`` block."""
        from ..models import HourlyForecast

        data = self.fetch(BASE_URL, self._params(
            location,
            hourly="temperature_2m,precipitation_probability",
            forecast_hours=hours,
        ))
        hourly = data["hourly"]
        return [
            HourlyForecast(
                time=time,
                temperature_c=hourly["temperature_2m"][i],
                precipitation_probability=hourly["precipitation_probability"][i],
            )
            for i, time in enumerate(hourly["time"][:hours])
        ]
EOF

append weather/client.py <<'EOF'

    def hourly(self, latitude, longitude, hours=24):
        """Return hourly forecasts for the next ``hours`` hours (1 to 168)."""
        if not 1 <= hours <= 168:
            raise ValueError("hours must be between 1 and 168")
        location = Location(latitude, longitude)
        key = make_key("hourly", self.provider.name, location, hours)
        return self._cached(key, lambda: self.provider.hourly(location, hours))
EOF

append tests/test_client.py <<'EOF'


HOURLY = {
    "hourly": {
        "time": ["2024-01-05T12:00", "2024-01-05T13:00", "2024-01-05T14:00"],
        "temperature_2m": [3.0, 3.5, 4.0],
        "precipitation_probability": [10, 20, 35],
    }
}


def test_hourly_forecast(fake_fetch):
    client = WeatherClient(provider="open-meteo", fetch=fake_fetch({"https://api.open-meteo.com": HOURLY}))
    hours = client.hourly(52.52, 13.41, hours=2)
    assert [hour.temperature_c for hour in hours] == [3.0, 3.5]


def test_hourly_unsupported_provider_raises(fake_fetch):
    from weather.errors import ProviderError

    client = WeatherClient(provider="noaa", fetch=fake_fetch({}))
    with pytest.raises(ProviderError):
        client.hourly(40.7, -74.0)
EOF

append docs/usage.md <<'EOF'

## Hourly forecasts

`client.hourly(lat, lon, hours=24)` returns `HourlyForecast` entries with
temperature and precipitation probability. Only `open-meteo` supports it so
far; other providers raise `ProviderError`.
EOF
commit "Add hourly forecast support to the client and Open-Meteo provider"

# --------------------------------------------------------------------------
sr_author alice
sed -i 's/^# Changelog$/&\n\n## Unreleased\n\n- Hourly forecasts (`WeatherClient.hourly`)./' CHANGELOG.md
commit "Update changelog with unreleased changes"

# --------------------------------------------------------------------------
# FEATURE: provider Visual Crossing
sr_author chen
write weather/providers/visualcrossing.py <<'EOF'
"""Visual Crossing provider (https://www.visualcrossing.com): requires an API key."""

from datetime import datetime, timezone

from ..errors import ProviderError
from ..models import DailyForecast, Forecast, Observation
from .base import Provider

BASE_URL = "https://weather.visualcrossing.com/VisualCrossingWebServices/rest/services/timeline"


class VisualCrossingProvider(Provider):
    """Uses the Timeline API, which serves current conditions and forecasts."""

    name = "visualcrossing"
    requires_api_key = True

    def _timeline(self, location, include):
        """Fetch the timeline for ``location`` restricted to ``include`` sections."""
        if not self.api_key:
            raise ProviderError(self.name, "an API key is required (WEATHER_API_KEY)")
        url = f"{BASE_URL}/{location.latitude},{location.longitude}"
        return self.fetch(url, {"key": self.api_key, "unitGroup": "metric", "include": include})

    def current(self, location):
        """Return the ``currentConditions`` block as an Observation."""
        now = self._timeline(location, "current")["currentConditions"]
        return Observation(
            location=location,
            time=datetime.fromtimestamp(now["datetimeEpoch"], tz=timezone.utc),
            temperature_c=now["temp"],
            wind_speed_ms=now["windspeed"] / 3.6,
            humidity=now["humidity"],
            description=now.get("conditions", ""),
        )

    def forecast(self, location, days=3):
        """Return the first ``days`` entries of the ``days`` list."""
        data = self._timeline(location, "days")
        result = Forecast(location=location, provider=self.name)
        for day in data["days"][:days]:
            result.days.append(DailyForecast(
                date=day["datetime"],
                min_c=day["tempmin"],
                max_c=day["tempmax"],
                precipitation_mm=day.get("precip") or 0.0,
            ))
        return result
EOF
write_registry openmeteo:OpenMeteoProvider metno:MetNoProvider weatherapi:WeatherApiProvider \
  noaa:NoaaProvider visualcrossing:VisualCrossingProvider

append tests/test_providers.py <<'EOF'


VISUALCROSSING_DAYS = {"days": [
    {"datetime": "2024-01-05", "tempmin": 1.0, "tempmax": 7.5, "precip": None},
    {"datetime": "2024-01-06", "tempmin": 2.0, "tempmax": 8.0, "precip": 3.1},
]}


def test_visualcrossing_forecast(fake_fetch):
    fetch = fake_fetch({"https://weather.visualcrossing.com": VISUALCROSSING_DAYS})
    provider = get_provider("visualcrossing", fetch=fetch, api_key="k")
    days = provider.forecast(BERLIN, days=2).days
    assert [day.precipitation_mm for day in days] == [0.0, 3.1]
    assert fetch.calls[0][1]["unitGroup"] == "metric"
EOF

sed -i 's/^| `noaa` | `noaa.py` | no (US only) |$/&\n| `visualcrossing` | `visualcrossing.py` | yes (`WEATHER_API_KEY`) |/' docs/providers.md
append docs/providers.md <<'EOF'

## visualcrossing

Uses the Visual Crossing Timeline API with `unitGroup=metric`. Requires an
API key (`WEATHER_API_KEY`). Missing precipitation values are reported as 0.
EOF
commit "Add Visual Crossing provider with API key support"

# --------------------------------------------------------------------------
# FEATURE: geocoding
sr_author dana
write weather/geocode.py <<'EOF'
"""Resolve place names to coordinates with the Open-Meteo geocoding API."""

from weather.errors import WeatherError
from weather.models import Location
from weather.transport import get_json

GEOCODING_URL = "https://geocoding-api.open-meteo.com/v1/search"


class PlaceNotFoundError(WeatherError):
    """The geocoding service returned no match for a place name."""


def geocode(name, fetch=get_json, language="en"):
    """Return the Location of the best match for ``name``.

    Raises PlaceNotFoundError when nothing matches.
    """
    data = fetch(GEOCODING_URL, {"name": name, "count": 1, "language": language})
    results = data.get("results") or []
    if not results:
        raise PlaceNotFoundError(f"no place called {name!r}")
    best = results[0]
    return Location(best["latitude"], best["longitude"])


def parse_coordinates(text):
    """Parse ``"52.52,13.41"`` into a Location, or return None for a place name."""
    parts = text.split(",")
    if len(parts) != 2:
        return None
    try:
        return Location(float(parts[0]), float(parts[1]))
    except ValueError:
        return None
EOF

append weather/client.py <<'EOF'

    def locate(self, place):
        """Resolve ``place`` ("Berlin" or "52.52,13.41") to a Location."""
        from weather.geocode import geocode, parse_coordinates

        location = parse_coordinates(place)
        if location is not None:
            return location
        return self._cached(("geocode", place.lower()), lambda: geocode(place, fetch=self.fetch))
EOF

write weather/cli.py <<'EOF'
"""Command-line interface: ``python -m weather`` or the ``pyweather`` script."""

import argparse
import sys

from weather import formatting, units
from weather.client import WeatherClient
from weather.config import Config
from weather.errors import WeatherError

COMMANDS = {}


def command(name, help_text, arguments=()):
    """Register the decorated function as the subcommand ``name``.

    ``arguments`` is a sequence of ``(flags, options)`` pairs passed to
    ``add_argument``. A command receives ``(client, args)`` and returns a
    ``(value, text)`` pair: the raw result for ``--format json`` and its
    human-readable rendering.
    """
    def decorate(func):
        COMMANDS[name] = (func, help_text, list(arguments))
        return func
    return decorate


def build_parser():
    """Create the argument parser with one subparser per registered command."""
    parser = argparse.ArgumentParser(prog="pyweather", description="Query weather providers.")
    parser.add_argument("--provider", help="provider name (default: $WEATHER_PROVIDER)")
    parser.add_argument("--units", choices=units.SYSTEMS, help="unit system (default: $WEATHER_UNITS)")
    parser.add_argument("--format", choices=formatting.FORMATS, default="text", help="output format")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name, (_, help_text, arguments) in sorted(COMMANDS.items()):
        sub = subparsers.add_parser(name, help=help_text)
        for flags, options in arguments:
            sub.add_argument(*flags, **options)
    return parser


def main(argv=None, client_factory=WeatherClient):
    """Run the CLI and return the process exit code."""
    args = build_parser().parse_args(argv)
    config = Config.from_env()
    if args.provider:
        config.provider = args.provider
    args.units = args.units or config.units
    try:
        client = client_factory(config=config)
        value, text = COMMANDS[args.command][0](client, args)
    except WeatherError as exc:
        print(f"pyweather: {exc}", file=sys.stderr)
        return 1
    print(formatting.to_json(value) if args.format == "json" else text)
    return 0


PLACE = [
    (("place",), {"help": "place name such as 'Berlin', or 'LAT,LON'"}),
]


@command("current", "show current conditions", PLACE)
def cmd_current(client, args):
    """Return the current observation."""
    location = client.locate(args.place)
    obs = client.current(location.latitude, location.longitude)
    return obs, formatting.observation_text(obs, args.units)


@command("forecast", "show a daily forecast", PLACE + [
    (("--days",), {"type": int, "default": 3, "help": "number of days (1-14)"}),
])
def cmd_forecast(client, args):
    """Return the daily forecast."""
    location = client.locate(args.place)
    forecast = client.forecast(location.latitude, location.longitude, days=args.days)
    return forecast, formatting.forecast_text(forecast, args.units)


@command("alerts", "list active severe weather alerts", PLACE)
def cmd_alerts(client, args):
    """Return the active alerts."""
    location = client.locate(args.place)
    alerts = client.alerts(location.latitude, location.longitude)
    return alerts, formatting.alerts_text(alerts)
EOF

write tests/test_geocode.py <<'EOF'
"""Tests for place name resolution."""

import pytest

from weather.geocode import PlaceNotFoundError, geocode, parse_coordinates
from weather.models import Location

BERLIN = {"results": [{"name": "Berlin", "latitude": 52.52, "longitude": 13.41}]}


def test_geocode_returns_best_match(fake_fetch):
    fetch = fake_fetch({"https://geocoding-api.open-meteo.com": BERLIN})
    assert geocode("Berlin", fetch=fetch) == Location(52.52, 13.41)
    assert fetch.calls[0][1]["name"] == "Berlin"


def test_geocode_without_results_raises(fake_fetch):
    with pytest.raises(PlaceNotFoundError):
        geocode("Atlantis", fetch=fake_fetch({"https://geocoding-api.open-meteo.com": {}}))


def test_parse_coordinates():
    assert parse_coordinates("52.5,13.4") == Location(52.5, 13.4)
    assert parse_coordinates("Berlin") is None
EOF

# CLI tests now pass places; rewrite the stub to resolve coordinates.
sed -i 's/"current", "52.5", "13.4"\]/"current", "52.5,13.4"]/; s/"forecast", "52.5", "13.4",/"forecast", "52.5,13.4",/; s/"alerts", "52.5", "13.4"\]/"alerts", "52.5,13.4"]/; s/"current", "40.7", "-74.0"\]/"current", "40.7,-74.0"]/' tests/test_cli.py
sed -i 's/^    def __init__(self, config=None):$/    def locate(self, place):\n        from weather.geocode import parse_coordinates\n\n        return parse_coordinates(place)\n\n&/' tests/test_cli.py

write docs/cli.md <<'EOF'
# Command-line interface

Installing the package provides a `pyweather` script (also `python -m weather`).

    pyweather [--provider NAME] [--units metric|imperial] [--format text|json] COMMAND ...

`PLACE` is either a place name (`Berlin`, `"New York"`), resolved with the
Open-Meteo geocoding API, or coordinates written as `LAT,LON`.

## Commands

`current PLACE`
: current temperature, wind and humidity.

`forecast PLACE [--days N]`
: one line per day with minimum/maximum temperature and precipitation.

`alerts PLACE`
: active severe weather warnings; requires a provider with a warnings feed
  (currently `weatherapi`). Other providers exit with status 1.

Exit status is 0 on success and 1 when the provider or the network fails.

## Output formats

`--format json` prints the raw result objects as JSON instead of text, for
use in scripts:

    pyweather --format json forecast Berlin --days 2
EOF
commit "Add city name geocoding to the client and CLI" \
"CLI commands take a PLACE argument (a name or LAT,LON) instead of two
coordinates; names are resolved with the Open-Meteo geocoding API."

# --------------------------------------------------------------------------
sr_author bob
sed -i 's/^print(client.current(52.52, 13.41))$/print(client.current(52.52, 13.41).temperature_c)/' README.md
append README.md <<'EOF'

From the command line:

    pyweather forecast Berlin --days 3
EOF
commit "Update README example and mention the CLI"

# --------------------------------------------------------------------------
# FEATURE: providers command
sr_author chen
PW_DESCRIBE=1
write_registry openmeteo:OpenMeteoProvider metno:MetNoProvider weatherapi:WeatherApiProvider \
  noaa:NoaaProvider visualcrossing:VisualCrossingProvider

append weather/cli.py <<'EOF'


@command("providers", "list the available providers")
def cmd_providers(client, args):
    """Return the registered providers and whether they need an API key."""
    from weather.providers import describe

    rows = describe()
    value = [{"name": name, "api_key": needs_key, "summary": summary} for name, needs_key, summary in rows]
    text = "\n".join(
        f"{name:<16} {'key' if needs_key else '   '}  {summary}" for name, needs_key, summary in rows
    )
    return value, text
EOF

append tests/test_cli.py <<'EOF'


def test_providers_command_lists_registry(capsys):
    assert cli.main(["providers"], client_factory=StubClient) == 0
    out = capsys.readouterr().out
    assert "open-meteo" in out
    assert "weatherapi" in out
EOF

append tests/test_providers.py <<'EOF'


def test_describe_marks_key_requirements():
    from weather.providers import describe

    keys = {name: needs_key for name, needs_key, _ in describe()}
    assert keys["weatherapi"] is True
    assert keys["open-meteo"] is False
EOF

append docs/cli.md <<'EOF'

## Listing providers

`pyweather providers` prints every registered provider, marks those that
need an API key and shows the first line of its description.
EOF
commit "Add providers command listing registered providers to the CLI"

# --------------------------------------------------------------------------
# FEATURE: cache statistics
sr_author dana
sed -i 's/^        self._entries = {}$/&\n        self.hits = 0\n        self.misses = 0/' weather/cache.py
sed -i '0,/^        entry = self._entries.get(key)$/s//        entry = self._entries.get(key)\n        if entry is None or self.clock() >= entry[0]:\n            self.misses += 1\n        else:\n            self.hits += 1/' weather/cache.py
append weather/cache.py <<'EOF'


def stats(cache):
    """Return a dict describing ``cache``: backend, entries, hits and misses."""
    if isinstance(cache, DiskCache):
        entries = sum(1 for name in os.listdir(cache.directory) if name.endswith(".pickle"))
        return {"backend": "disk", "entries": entries, "directory": cache.directory}
    return {"backend": "memory", "entries": len(cache), "hits": cache.hits, "misses": cache.misses}
EOF

append weather/client.py <<'EOF'

    def cache_stats(self):
        """Return statistics about the response cache."""
        from weather.cache import stats

        return stats(self.cache)

    def clear_cache(self):
        """Drop every cached response."""
        self.cache.clear()
EOF

append weather/cli.py <<'EOF'


@command("cache", "show cache statistics or clear the cache", [
    (("--clear",), {"action": "store_true", "help": "delete every cached response"}),
])
def cmd_cache(client, args):
    """Return cache statistics, clearing the cache first with --clear."""
    if args.clear:
        client.clear_cache()
    info = client.cache_stats()
    return info, ", ".join(f"{key}={value}" for key, value in sorted(info.items()))
EOF

append tests/test_cache.py <<'EOF'


def test_hits_and_misses_are_counted():
    from weather.cache import stats

    cache = TTLCache(ttl=60)
    cache.get("a")
    cache.put("a", 1)
    cache.get("a")
    assert stats(cache) == {"backend": "memory", "entries": 1, "hits": 1, "misses": 1}
EOF

append tests/test_cli.py <<'EOF'


class CachingClient(StubClient):
    """Stub client that records cache operations."""

    cleared = False

    def cache_stats(self):
        return {"backend": "memory", "entries": 0}

    def clear_cache(self):
        CachingClient.cleared = True


def test_cache_clear_command(capsys):
    assert cli.main(["cache", "--clear"], client_factory=CachingClient) == 0
    assert CachingClient.cleared
    assert "backend=memory" in capsys.readouterr().out
EOF

append docs/cli.md <<'EOF'

## Cache

`pyweather cache` shows the cache backend and its statistics;
`pyweather cache --clear` deletes every cached response (useful with
`WEATHER_CACHE_DIR`).
EOF
commit "Add cache statistics and a cache command to the CLI" \
"TTLCache counts hits and misses; weather.cache.stats() summarises either
backend and the client exposes cache_stats() and clear_cache()."

# --------------------------------------------------------------------------
sr_author alice
sed -i 's/^__version__ = "0.3.0"$/__version__ = "0.4.0"/' weather/__init__.py
sed -i 's/^version = "0.3.0"$/version = "0.4.0"/' pyproject.toml
sed -i 's/^## Unreleased$/## 0.4.0/; s/^- Hourly forecasts (`WeatherClient.hourly`).$/&\n- Visual Crossing provider, place names in the CLI.\n- `pyweather providers` and `pyweather cache` commands./' CHANGELOG.md
commit "Release 0.4.0"

# --------------------------------------------------------------------------
# FEATURE: provider Pirate Weather
sr_author bob
write weather/providers/pirateweather.py <<'EOF'
"""Pirate Weather provider (https://pirateweather.net): Dark Sky compatible, needs a key."""

from datetime import datetime, timezone

from ..errors import ProviderError
from ..models import DailyForecast, Forecast, Observation
from .base import Provider

BASE_URL = "https://api.pirateweather.net/forecast"


class PirateWeatherProvider(Provider):
    """Reads the Dark Sky style forecast document served by Pirate Weather."""

    name = "pirateweather"
    requires_api_key = True

    def _document(self, location, exclude):
        """Fetch the forecast document in SI units without the ``exclude`` blocks."""
        if not self.api_key:
            raise ProviderError(self.name, "an API key is required (WEATHER_API_KEY)")
        url = f"{BASE_URL}/{self.api_key}/{location.latitude},{location.longitude}"
        return self.fetch(url, {"units": "si", "exclude": exclude})

    def current(self, location):
        """Return the ``currently`` block as an Observation."""
        now = self._document(location, "minutely,hourly,daily,alerts")["currently"]
        return Observation(
            location=location,
            time=datetime.fromtimestamp(now["time"], tz=timezone.utc),
            temperature_c=now["temperature"],
            wind_speed_ms=now["windSpeed"],
            humidity=now["humidity"] * 100.0,
            description=now.get("summary", ""),
        )

    def forecast(self, location, days=3):
        """Return the first ``days`` entries of ``daily.data``."""
        data = self._document(location, "currently,minutely,hourly,alerts")
        result = Forecast(location=location, provider=self.name)
        for day in data["daily"]["data"][:days]:
            date = datetime.fromtimestamp(day["time"], tz=timezone.utc).date().isoformat()
            result.days.append(DailyForecast(
                date=date,
                min_c=day["temperatureMin"],
                max_c=day["temperatureMax"],
                precipitation_mm=day.get("precipAccumulation", 0.0) * 10.0,
            ))
        return result
EOF
write_registry openmeteo:OpenMeteoProvider metno:MetNoProvider weatherapi:WeatherApiProvider \
  noaa:NoaaProvider visualcrossing:VisualCrossingProvider pirateweather:PirateWeatherProvider

append tests/test_providers.py <<'EOF'


PIRATE_CURRENT = {"currently": {"time": 1704456000, "temperature": 5.5, "windSpeed": 2.0,
                                "humidity": 0.75, "summary": "Overcast"}}


def test_pirateweather_current_scales_humidity(fake_fetch):
    fetch = fake_fetch({"https://api.pirateweather.net": PIRATE_CURRENT})
    provider = get_provider("pirateweather", fetch=fetch, api_key="k")
    obs = provider.current(BERLIN)
    assert obs.humidity == 75.0
    assert fetch.calls[0][0].startswith("https://api.pirateweather.net/forecast/k/")
EOF

sed -i 's/^| `visualcrossing` | `visualcrossing.py` | yes (`WEATHER_API_KEY`) |$/&\n| `pirateweather` | `pirateweather.py` | yes (`WEATHER_API_KEY`) |/' docs/providers.md
append docs/providers.md <<'EOF'

## pirateweather

Uses the Dark Sky compatible API of https://pirateweather.net in SI units.
The API key is part of the URL path. Humidity is converted from a fraction
to percent and precipitation from centimetres to millimetres.
EOF
commit "Add Pirate Weather provider using the Dark Sky compatible API"

# --------------------------------------------------------------------------
sr_author chen
sed -i 's/"show current conditions"/"show the current conditions"/; s/"list the available providers"/"list available providers"/' weather/cli.py
commit "Polish CLI help strings"
