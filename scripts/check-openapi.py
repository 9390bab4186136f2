#!/usr/bin/env python3
"""Checks openapi.yaml, then every golden case under fixtures/contract against it.

1. openapi.yaml must be a valid OpenAPI 3.1 document (openapi-spec-validator).
2. Every exchange of every case (setup exchanges too) must fit it:
   - the route and method are documented (an undocumented path may only answer 401 or 404, a
     documented path with another method only 405 with Allow, in the error envelope);
   - the response status is documented for the operation, the case's headers fit the documented
     headers, its Content-Type is a documented media type, and its body validates against the
     schema (strict: an undocumented field fails);
   - a request the server accepted (2xx) validates too: path and query parameters, header
     parameters, the key, and the body.
   Placeholders (`<iso8601>`, `<agentId:a>`, ...) are replaced by values of their shape; `<any>`
   is not checked.
3. A self-test: the same check must fail, naming the case and the JSON path, when a case gets an
   undocumented field or a value of the wrong type.

Prints one line per problem and a closing "N passed, N failed"; exits 1 on any failure.
"""

import copy
import json
import re
import sys
import urllib.parse
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi.yaml"
CASES = ROOT / "fixtures" / "contract"
SPEC_URI = "urn:launchpad:openapi"
METHODS = ("get", "put", "post", "delete", "head", "patch", "options")

# A value of the right shape for each placeholder kind of Tests/ContractTests/ContractMatcher.swift.
# `<any>` has none: what it stands for is not checked.
ANY = object()
SAMPLES = {
    "any": ANY,
    "int": 1,
    "number": 1.5,
    "string": "text",
    "bool": True,
    "iso8601": "2024-01-15T10:30:00Z",
    "uuid": "123e4567-e89b-12d3-a456-426614174000",
    "agentId": "agent-0123456789",
    "requestId": "req-0123456789abcdef",
    "ms": "0.04ms",
    "digits": "1",
    "apiKey": "alk_" + "0" * 64,
    "keyId": "key_000000000001",
    "userId": "user-0123456789ab",
    "eventId": "event-0123456789ab",
    "operationId": "op-0123456789abcdef",
    "epoch": 1710410400,
}
PLACEHOLDER = re.compile(r"<(" + "|".join(SAMPLES) + r")(?::[^<>]+)?>")


def sample(text):
    """The value a placeholder string stands for; placeholders inside longer text become text."""
    whole = PLACEHOLDER.fullmatch(text)
    if whole:
        return SAMPLES[whole.group(1)]
    return PLACEHOLDER.sub(lambda match: str(SAMPLES[match.group(1)]), text)


# Placeholders that promise only a type: the sample's value may miss an enum or a pattern.
TYPE_ONLY = {"string", "int", "number", "digits"}
# What a type-only placeholder leaves unchecked.
VALUE_KEYWORDS = {"enum", "const", "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength"}


def substitute(value, path="body", unchecked=None, loose=None):
    """`value` with placeholders replaced. The paths of `<any>` are added to `unchecked`, those of
    type-only placeholders to `loose`."""
    if isinstance(value, str):
        result = sample(value)
        if result is ANY:
            if unchecked is not None:
                unchecked.append(path)
            return None
        whole = PLACEHOLDER.fullmatch(value)
        if whole and whole.group(1) in TYPE_ONLY and loose is not None:
            loose.append(path)
        return result
    if isinstance(value, list):
        return [substitute(item, f"{path}[{index}]", unchecked, loose) for index, item in enumerate(value)]
    if isinstance(value, dict):
        return {key: substitute(item, f"{path}.{key}", unchecked, loose) for key, item in value.items()}
    return value


def json_path(prefix, parts):
    """`body.agents[0].name` from a jsonschema instance path."""
    text = prefix
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


class Spec:
    """openapi.yaml with its operations found by method and path, and schemas ready to validate."""

    def __init__(self, path):
        with open(path) as file:
            self.document = yaml.safe_load(file)
        validate_spec(copy.deepcopy(self.document))
        # Every "#/..." reference is made absolute, so that a schema taken out of the document
        # still resolves its references in the registry.
        self.absolute = self._absolutize(self.document)
        resource = Resource.from_contents(self.absolute, default_specification=DRAFT202012)
        self.registry = Registry().with_resource(SPEC_URI, resource)
        self.routes = []
        for template, item in self.document["paths"].items():
            pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "([^/]+)", re.escape(template)) + "$"
            names = re.findall(r"\{([^/]+?)\}", template)
            literal_segments = sum(1 for part in template.split("/") if part and not part.startswith("{"))
            self.routes.append((template, re.compile(pattern), names, literal_segments))
        # Literal segments win over parameters, as in the router.
        self.routes.sort(key=lambda route: -route[3])

    def _absolutize(self, value):
        if isinstance(value, dict):
            return {key: (SPEC_URI + item if key == "$ref" and isinstance(item, str) and item.startswith("#") else self._absolutize(item))
                    for key, item in value.items()}
        if isinstance(value, list):
            return [self._absolutize(item) for item in value]
        return value

    def resolve(self, value):
        """An OpenAPI object (parameter, response, header) with its `$ref` followed."""
        while isinstance(value, dict) and "$ref" in value:
            node = self.absolute
            for part in value["$ref"].split("#", 1)[1].strip("/").split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            value = node
        return value

    def route(self, path):
        """The path template matching `path` and its parameters, or None."""
        for template, pattern, names, _ in self.routes:
            match = pattern.match(path)
            if match:
                return template, dict(zip(names, (urllib.parse.unquote(group) for group in match.groups())))
        return None

    def item(self, template):
        return self.absolute["paths"][template]

    def errors(self, schema, instance, prefix, unchecked=(), loose=()):
        """Problems of `instance` against `schema`, as "path: message", leaving out `unchecked`
        paths and the value (not the type) at `loose` paths."""
        validator = Draft202012Validator(schema, registry=self.registry)
        problems = []
        for error in validator.iter_errors(instance):
            location = json_path(prefix, error.absolute_path)
            if location in loose and error.validator in VALUE_KEYWORDS:
                continue
            if error.validator == "additionalProperties" and isinstance(error.instance, dict):
                known = set(error.schema.get("properties", {}))
                extra = sorted(key for key in error.instance if key not in known)
                for key in extra:
                    problems.append(f"{location}.{key}: undocumented field")
                continue
            problems.append(f"{location}: {error.message}")
        return [problem for problem in problems if not any(problem.startswith(path + ":") or problem.startswith(path + ".") or problem.startswith(path + "[") for path in unchecked)]


def check_exchange(spec, exchange, label):
    """Problems of one exchange (request and response) against the spec."""
    problems = []
    request, response = exchange["request"], exchange["response"]
    method = request["method"].lower()
    path, _, query = sample(request["path"]).partition("?")
    status = response["status"]
    found = spec.route(path)
    item = spec.item(found[0]) if found else None
    operation = item.get(method) if item else None
    if operation is None:
        # The router's own answers: 404 (401 first under /api) for an unknown path, 405 for a
        # method the path does not have.
        allowed = {401: "UnauthorizedError", 404: "NotFoundError"} if item is None else {405: "MethodNotAllowedError"}
        if status not in allowed:
            return [f"{label}: {request['method']} {path} is not documented, and it answered {status} (only {sorted(allowed)} can be)"]
        if status == 405 and "Allow" not in (response.get("headers") or {}):
            problems.append(f"{label} response headers: a 405 must carry Allow")
        if "body" in response:
            schema = {"$ref": f"{SPEC_URI}#/components/schemas/{allowed[status]}"}
            unchecked, loose = [], []
            body = substitute(response["body"], "response body", unchecked, loose)
            problems += [f"{label} {problem}" for problem in spec.errors(schema, body, "response body", unchecked, loose)]
        return problems

    parameters = [spec.resolve(parameter) for parameter in item.get("parameters", []) + operation.get("parameters", [])]
    if 200 <= status < 300:
        problems += check_request(spec, request, operation, parameters, found[1], query, label)
    # HEAD has GET's headers without the body: its Content-Type is GET's media type.
    body_operation = item.get("get", operation) if method == "head" else operation
    problems += check_response(spec, response, operation, body_operation, label)
    return problems


def check_request(spec, request, operation, parameters, path_values, query, label):
    """A request the server accepted must be one the document describes."""
    problems = []
    by_location = {}
    for parameter in parameters:
        by_location.setdefault(parameter["in"], {})[parameter["name"]] = parameter
    query_values = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
    headers = {name.lower(): sample(value) for name, value in (request.get("headers") or {}).items()}
    supplied = {"path": path_values, "query": query_values,
                "header": {name: headers[name.lower()] for name in by_location.get("header", {}) if name.lower() in headers}}
    for location, values in supplied.items():
        documented = by_location.get(location, {})
        for name in values:
            if name not in documented:
                problems.append(f"{label} request {location}.{name}: undocumented parameter")
        for name, parameter in documented.items():
            if name not in values:
                if parameter.get("required"):
                    problems.append(f"{label} request {location}.{name}: required")
                continue
            value = coerce(values[name], spec.resolve(parameter["schema"]))
            problems += [f"{label} {problem}" for problem in spec.errors(parameter["schema"], value, f"request {location}.{name}")]
    security = operation.get("security", spec.document.get("security", []))
    if security and {} not in security and "x-api-key" not in headers and "authorization" not in headers:
        problems.append(f"{label} request headers: the operation needs a key (X-API-Key or Authorization)")
    body_spec = operation.get("requestBody")
    has_body = any(key in request for key in ("body", "bodyText", "bodyHex", "bodyFill"))
    if body_spec is None:
        if has_body:
            problems.append(f"{label} request body: the operation takes no body")
    elif "body" in request:
        schema = body_spec["content"]["application/json"]["schema"]
        problems += [f"{label} {problem}" for problem in spec.errors(schema, substitute(request["body"], "request body"), "request body")]
    elif body_spec.get("required") and not has_body:
        problems.append(f"{label} request body: required")
    return problems


def coerce(text, schema):
    """A query, path or header value as the type its schema names, when it reads as one."""
    kind = schema.get("type")
    if kind == "integer" and re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    if kind == "number":
        try:
            return float(text)
        except ValueError:
            return text
    if kind == "boolean" and text in ("true", "false"):
        return text == "true"
    return text


def check_response(spec, response, operation, body_operation, label):
    """The status, headers and body of a response against `operation` (`body_operation` for the media type)."""
    problems = []
    status = response["status"]
    documented = operation["responses"].get(str(status)) or operation["responses"].get("default")
    if documented is None:
        return [f"{label} response status: {status} is not documented (documented: {', '.join(sorted(operation['responses']))})"]
    documented = spec.resolve(documented)
    headers = response.get("headers") or {}
    header_specs = {name.lower(): spec.resolve(header) for name, header in (documented.get("headers") or {}).items()}
    body_response = spec.resolve(body_operation["responses"].get(str(status)) or {})
    content = body_response.get("content") or {}
    for name, value in headers.items():
        if value == "<absent>":
            # The case checks that the header is not sent.
            continue
        if name.lower() == "content-type":
            if value not in content and value.split(";")[0].strip() not in content:
                problems.append(f"{label} response header Content-Type: '{value}' is not documented for {status} (documented: {', '.join(content) or 'no body'})")
            continue
        header = header_specs.get(name.lower())
        if header is None:
            problems.append(f"{label} response header {name}: undocumented header")
            continue
        problems += [f"{label} {problem}" for problem in spec.errors(header["schema"], sample(value), f"response header {name}")]
    if "body" in response:
        media = headers.get("Content-Type", "application/json")
        media_spec = content.get(media) or content.get(media.split(";")[0].strip())
        if media_spec is None:
            problems.append(f"{label} response body: no {media} body is documented for {status}")
        else:
            unchecked, loose = [], []
            body = substitute(response["body"], "response body", unchecked, loose)
            problems += [f"{label} {problem}" for problem in spec.errors(media_spec["schema"], body, "response body", unchecked, loose)]
    return problems


def exchanges(case):
    """(label, exchange) for each setup exchange and the case's own."""
    result = [(f"setup[{index}]", exchange) for index, exchange in enumerate(case.get("setup") or [])]
    result.append(("", {"request": case["request"], "response": case["response"]}))
    return result


def check_case(spec, name, case):
    """Problems of every exchange of a case, each as "case: [setup[i]] where: what"."""
    problems = []
    for label, exchange in exchanges(case):
        problems += [f"{name}: {problem.strip()}" for problem in check_exchange(spec, exchange, label)]
    return problems


def self_test(spec, cases):
    """Deliberate faults must fail, naming the case and the JSON path."""
    failures = []

    def expect_failure(name, case, wanted):
        problems = check_case(spec, name.split(" ")[0], case)
        if not any(wanted in problem for problem in problems):
            failures.append(f"self-test {name}: expected a problem at '{wanted}', got {problems or 'none'}")

    def first_leaf(value, path):
        if isinstance(value, dict):
            for key in sorted(value):
                found = first_leaf(value[key], f"{path}.{key}")
                if found:
                    return found
        elif isinstance(value, (str, int, float, bool)) and not (isinstance(value, str) and sample(value) is ANY):
            return path
        return None

    def replace_leaf(value, parts, new):
        for part in parts[:-1]:
            value = value[part]
        value[parts[-1]] = new

    success = next(name for name, case in cases if 200 <= case["response"]["status"] < 300
                   and isinstance(case["response"].get("body"), dict) and isinstance(case["request"].get("body"), dict))
    failure = next(name for name, case in cases if case["response"]["status"] >= 400
                   and isinstance(case["response"].get("body"), dict) and "error" in case["response"]["body"])
    for name in (success, failure):
        case = dict(cases)[name]
        changed = copy.deepcopy(case)
        changed["response"]["body"]["undocumented"] = 1
        expect_failure(f"{name} + response field", changed, f"{name}: response body.undocumented: undocumented field")
        changed = copy.deepcopy(case)
        inner = next(key for key, value in changed["response"]["body"].items() if isinstance(value, dict)) if name == failure else None
        if inner:
            changed["response"]["body"][inner]["undocumented"] = "x"
            expect_failure(f"{name} + nested field", changed, f"{name}: response body.{inner}.undocumented: undocumented field")
        changed = copy.deepcopy(case)
        leaf = first_leaf(changed["response"]["body"], "body")
        replace_leaf(changed["response"]["body"], leaf.split(".")[1:], [["wrong type"]])
        expect_failure(f"{name} wrong type at {leaf}", changed, f"{name}: response {leaf}: ")
    case = copy.deepcopy(dict(cases)[success])
    case["request"]["body"]["undocumented"] = True
    expect_failure(f"{success} + request field", case, f"{success}: request body.undocumented: undocumented field")
    return failures


def main():
    spec = Spec(SPEC_PATH)
    print(f"openapi.yaml: a valid OpenAPI {spec.document['openapi']} document, {len(spec.routes)} paths")
    cases = []
    for file in sorted(CASES.rglob("*.json")):
        with open(file) as handle:
            cases.append((str(file.relative_to(CASES)), json.load(handle)))
    passed, failed = 0, 0
    for name, case in cases:
        problems = check_case(spec, name, case)
        if problems:
            failed += 1
            for problem in problems:
                print(f"FAIL {problem}")
        else:
            passed += 1
    self_failures = self_test(spec, cases)
    for problem in self_failures:
        print(f"FAIL {problem}")
    print(f"golden cases against openapi.yaml: {passed} passed, {failed} failed; self-test: {'passed' if not self_failures else 'FAILED'}")
    # The closing line a test runner's summary is read from.
    print(f"{passed + (0 if self_failures else 1)} passed, {failed + (1 if self_failures else 0)} failed")
    return 1 if failed or self_failures else 0


if __name__ == "__main__":
    sys.exit(main())
