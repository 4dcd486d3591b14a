#!/usr/bin/env python3
"""Checks `batchspec compile --target azure-batch` output against Microsoft's own SDK models.

Usage: check_azure_payloads.py [--self-test] DIR...

Every pools/*.json is checked as azure.batch.models.BatchPoolCreateOptions (or, when it is an ARM
template, a pool whose nodes hold managed identities, its one Microsoft.Batch/batchAccounts/pools
resource as azure.mgmt.batch.models.Pool, at the management API version azure-mgmt-batch speaks),
every jobs/*.json as
BatchJobCreateOptions (jobs/*.after-tasks.json as BatchJobUpdateOptions), every jobs/*/tasks-*.json
(`{"value": [...]}`, the body of "add task collection") as a BatchTaskGroup (each task a BatchTaskCreateOptions), every schedules/*.json as BatchJobScheduleCreateOptions, and the Batch account resource of every accounts/*.json ARM template as
azure.mgmt.batch.models.BatchAccountCreateParameters.

`Model.from_dict`-style loading ignores keys it does not know, so the check walks each body
against the models' declared REST fields recursively: an unknown (or read-only) key, a value of
the wrong type, an enum value the service does not define, a malformed ISO 8601 duration or a
missing required property is an error, reported with its JSON path. Then the body is loaded into
the model and serialized back, which must give the same JSON. The models are those of the REST API
version the installed azure-batch speaks, which must be the `BATCH_API_VERSION` each directory's
submit.sh sends its payloads with.

--self-test first proves the check is not vacuous: it breaks copies of the first pool, job, task
collection, account template and pool template in a dozen ways and fails unless each one is caught.
"""

import copy

import collections.abc
import datetime
import enum
import json
import os
import re
import sys
import typing

import azure.batch.models as batch_models
import azure.mgmt.batch.models as mgmt_models
from azure.batch._configuration import BatchClientConfiguration
from azure.mgmt.batch._configuration import BatchManagementClientConfiguration
from azure.core.credentials import AzureNamedKeyCredential

SUBMIT_VERSION = re.compile(r"^BATCH_API_VERSION=(\S+)$", re.MULTILINE)
DURATION = re.compile(r"^P(?!$)(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
PLACEHOLDER = re.compile(r"\{\{[A-Za-z0-9_]+\}\}")


class Checker:
    def __init__(self, models_module):
        self.models = models_module
        self.errors = []

    def fields(self, cls):
        """(rest name, annotation, required, writable) of each field of a model class."""
        cls.__new__(cls)  # the SDK computes _attr_to_rest_field on first instantiation
        module = sys.modules[cls.__module__]
        hints = typing.get_type_hints(
            cls, globalns=dict(vars(module)), localns={"_models": self.models}
        )
        result = {}
        for attr, field in cls._attr_to_rest_field.items():
            name = field._rest_name_input or attr
            annotation = hints.get(attr, typing.Any)
            optional = type(None) in typing.get_args(annotation)
            visibility = field._visibility
            writable = visibility is None or "create" in visibility
            result[name] = (annotation, not optional, writable)
        return result

    def error(self, path, message):
        self.errors.append(f"{path}: {message}")

    def check_model(self, cls, value, path):
        if not isinstance(value, dict):
            self.error(path, f"expected an object ({cls.__name__}), got {type(value).__name__}")
            return
        fields = self.fields(cls)
        for key, item in value.items():
            if key not in fields:
                known = ", ".join(sorted(fields))
                self.error(f"{path}.{key}", f"unknown property of {cls.__name__} (known: {known})")
            elif not fields[key][2]:
                self.error(f"{path}.{key}", f"read-only property of {cls.__name__}")
            else:
                self.check(fields[key][0], item, f"{path}.{key}")
        for key, (_, required, writable) in fields.items():
            if required and writable and key not in value:
                self.error(path, f"missing required property `{key}` of {cls.__name__}")

    def check(self, annotation, value, path):
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if annotation is typing.Any:
            return
        if origin is typing.Union:
            options = [a for a in args if a is not type(None)]
            if value is None:
                return
            enums = [a for a in options if isinstance(a, type) and issubclass(a, enum.Enum)]
            if enums and isinstance(value, str):
                self.check(enums[0], value, path)
                return
            if len(options) == 1:
                self.check(options[0], value, path)
                return
            for option in options:
                before = len(self.errors)
                self.check(option, value, path)
                if len(self.errors) == before:
                    return
                del self.errors[before:]
            self.error(path, f"{value!r} matches none of {options}")
            return
        if origin in (list, typing.List):
            if not isinstance(value, list):
                self.error(path, f"expected a list, got {type(value).__name__}")
                return
            for index, item in enumerate(value):
                self.check(args[0] if args else typing.Any, item, f"{path}[{index}]")
            return
        if origin in (dict, typing.Dict):
            if not isinstance(value, dict):
                self.error(path, f"expected an object, got {type(value).__name__}")
                return
            for key, item in value.items():
                self.check(args[1] if len(args) > 1 else typing.Any, item, f"{path}.{key}")
            return
        if origin is typing.Literal:
            if value not in args:
                self.error(path, f"expected one of {args}, got {value!r}")
            return
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            allowed = [member.value for member in annotation]
            if not isinstance(value, str) or value.lower() not in [a.lower() for a in allowed]:
                self.error(path, f"{value!r} is not a {annotation.__name__} ({', '.join(allowed)})")
            return
        if annotation is bool:
            if not isinstance(value, bool):
                self.error(path, f"expected a boolean, got {value!r}")
            return
        if annotation is int:
            if not isinstance(value, int) or isinstance(value, bool):
                self.error(path, f"expected an integer, got {value!r}")
            return
        if annotation is float:
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                self.error(path, f"expected a number, got {value!r}")
            return
        if annotation is str:
            if not isinstance(value, str):
                self.error(path, f"expected a string, got {value!r}")
            return
        if annotation is datetime.timedelta:
            if not isinstance(value, str) or not DURATION.match(value):
                self.error(path, f"expected an ISO 8601 duration, got {value!r}")
            return
        if annotation is datetime.datetime:
            if not isinstance(value, str):
                self.error(path, f"expected a date-time string, got {value!r}")
            return
        if isinstance(annotation, type) and issubclass(annotation, collections.abc.MutableMapping):
            self.check_model(annotation, value, path)  # the SDK's models are mappings
            return
        self.error(path, f"unchecked type {annotation!r}")

    def load(self, cls, body, path):
        """The SDK's own load and dump must give the body back."""
        before = len(self.errors)
        self.check_model(cls, body, path)
        if len(self.errors) > before:
            return
        model = cls(body)
        if json.loads(json.dumps(model.as_dict(), default=str)) != body:
            self.error(path, f"{cls.__name__} does not serialize back to the same JSON")


def local_leaks(value, path, checker, roots):
    if isinstance(value, dict):
        for key, item in value.items():
            local_leaks(item, f"{path}.{key}", checker, roots)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            local_leaks(item, f"{path}[{index}]", checker, roots)
    elif isinstance(value, str):
        if any(root in value for root in roots) or value.startswith("file:"):
            checker.error(path, f"a path of this machine leaks into the payload: {value!r}")
        if "{{" in value and not PLACEHOLDER.search(value):
            checker.error(path, f"a malformed placeholder: {value!r}")


def sdk_api_version():
    """The Batch data-plane REST API version the installed azure-batch speaks."""
    return BatchClientConfiguration("https://account.region.batch.azure.com", AzureNamedKeyCredential("a", "a2V5")).api_version


def check_directory(directory, batch, mgmt):
    counts = {"pools": 0, "jobs": 0, "tasks": 0, "schedules": 0, "accounts": 0}
    script = os.path.join(directory, "submit.sh")
    if os.path.exists(script):
        with open(script, encoding="utf-8") as handle:
            sent = SUBMIT_VERSION.findall(handle.read())
        if sent != [sdk_api_version()]:
            batch.error(f"{directory}/submit.sh", f"sends api-version {sent}; azure-batch's models are of {sdk_api_version()}")
    roots = {os.getcwd(), os.path.expanduser("~") + "/", os.path.abspath(directory)}
    for dirpath, _, names in sorted(os.walk(directory)):
        for name in sorted(names):
            if not name.endswith(".json"):
                continue
            full = os.path.join(dirpath, name)
            relative = os.path.relpath(full, directory)
            with open(full, encoding="utf-8") as handle:
                body = json.load(handle)
            local_leaks(body, relative, batch, roots)
            parts = relative.split(os.sep)
            if parts[0] == "pools" and len(parts) == 2 and is_template(body):
                check_pool_template(body, relative, mgmt)
                counts["pools"] += 1
            elif parts[0] == "pools" and len(parts) == 2:
                batch.load(batch_models.BatchPoolCreateOptions, body, relative)
                counts["pools"] += 1
            elif parts[0] == "jobs" and len(parts) == 2 and name.endswith(".after-tasks.json"):
                batch.load(batch_models.BatchJobUpdateOptions, body, relative)
            elif parts[0] == "jobs" and len(parts) == 2:
                batch.load(batch_models.BatchJobCreateOptions, body, relative)
                counts["jobs"] += 1
            elif parts[0] == "jobs" and len(parts) == 3 and name.startswith("tasks-"):
                tasks = body.get("value") if isinstance(body, dict) else None
                if not isinstance(tasks, list) or not tasks or len(tasks) > 100:
                    batch.error(relative, 'a task collection is {"value": [...]} with 1 to 100 tasks')
                    continue
                batch.load(batch_models.BatchTaskGroup, body, relative)
                counts["tasks"] += len(tasks)
            elif parts[0] == "schedules" and len(parts) == 2:
                batch.load(batch_models.BatchJobScheduleCreateOptions, body, relative)
                counts["schedules"] += 1
            elif parts[0] == "accounts" and len(parts) == 2:
                check_template(body, relative, mgmt)
                counts["accounts"] += 1
            else:
                batch.error(relative, "a JSON file the Azure target does not write")
    return counts


ARM_KEYS = {"type", "apiVersion", "name", "location", "dependsOn", "identity", "properties", "tags", "kind", "sku", "scope"}


def check_template(template, path, mgmt):
    resources = template.get("resources", [])
    accounts = [r for r in resources if r.get("type") == "Microsoft.Batch/batchAccounts"]
    if len(accounts) != 1:
        mgmt.error(path, "an account template holds exactly one Microsoft.Batch/batchAccounts resource")
        return
    for index, resource in enumerate(resources):
        for key in resource:
            if key not in ARM_KEYS:
                mgmt.error(f"{path}.resources[{index}].{key}", "not a property of an ARM resource")
        if resource.get("type") == "Microsoft.Storage/storageAccounts":
            if resource.get("kind") not in ("StorageV2", "Storage", "BlobStorage"):
                mgmt.error(f"{path}.resources[{index}].kind", f"{resource.get('kind')!r} is not a storage kind Batch supports")
    account = accounts[0]
    body = {key: account[key] for key in ("location", "identity", "properties", "tags") if key in account}
    mgmt.load(mgmt_models.BatchAccountCreateParameters, body, f"{path}.resources[{resources.index(account)}]")


def is_template(body):
    return isinstance(body, dict) and "$schema" in body


def mgmt_api_version():
    """The Batch management API version the installed azure-mgmt-batch speaks."""
    return BatchManagementClientConfiguration(credential=object(), subscription_id="0").api_version


PARAMETER = re.compile(r"parameters\('([^']*)'\)")


def check_pool_template(template, path, mgmt):
    """A pool template holds one Microsoft.Batch/batchAccounts/pools resource at the management API
    version of azure-mgmt-batch, with user-assigned identities, and every parameter it uses declared."""
    resources = template.get("resources", [])
    pools = [r for r in resources if r.get("type") == "Microsoft.Batch/batchAccounts/pools"]
    if len(resources) != 1 or len(pools) != 1:
        mgmt.error(path, "a pool template holds exactly one Microsoft.Batch/batchAccounts/pools resource")
        return
    pool = pools[0]
    where = f"{path}.resources[0]"
    for key in pool:
        if key not in ARM_KEYS:
            mgmt.error(f"{where}.{key}", "not a property of an ARM resource")
    if pool.get("apiVersion") != mgmt_api_version():
        mgmt.error(f"{where}.apiVersion", f"{pool.get('apiVersion')!r}; azure-mgmt-batch's models are of {mgmt_api_version()}")
    identity = pool.get("identity") or {}
    if identity.get("type") != "UserAssigned" or not identity.get("userAssignedIdentities"):
        mgmt.error(f"{where}.identity", "a pool template exists for its user-assigned identities, and names none")
    declared = set(template.get("parameters", {}))
    for used in PARAMETER.findall(json.dumps(pool)):
        if used not in declared:
            mgmt.error(where, f"uses parameter {used!r}, which the template does not declare")
    body = {key: pool[key] for key in ("identity", "properties", "tags") if key in pool}
    mgmt.load(mgmt_models.Pool, body, where)


def pool_of(template):
    return template["resources"][0]


MUTATIONS = [
    ("pools", "an unknown key", lambda b: b.__setitem__("vmSizes", b["vmSize"])),
    ("pools", "a misspelt nested key", lambda b: b["virtualMachineConfiguration"].__setitem__("nodeAgentSkuID", "x")),
    ("pools", "a missing required property", lambda b: b.pop("vmSize")),
    ("pools", "a number as a string", lambda b: b.__setitem__("targetDedicatedNodes", "2")),
    ("pools", "a boolean as a string", lambda b: b.__setitem__("enableInterNodeCommunication", "true")),
    ("pools", "an undefined enum value", lambda b: b.__setitem__("taskSchedulingPolicy", {"nodeFillType": "packed"})),
    ("pools", "a read-only property", lambda b: b.__setitem__("allocationState", "steady")),
    ("jobs", "a duration not in ISO 8601", lambda b: b.__setitem__("constraints", {"maxWallClockTime": "30m"})),
    ("jobs", "an enum in batchspec's spelling", lambda b: b.__setitem__("onAllTasksComplete", "terminate_job")),
    ("jobs", "a missing pool", lambda b: b.pop("poolInfo")),
    ("tasks", "a task without a command line", lambda b: b["value"][0].pop("commandLine")),
    ("tasks", "an unknown resource file key", lambda b: b["value"][0].__setitem__("resourceFiles", [{"blobSource": "x"}])),
    ("tasks", "a list where an object belongs", lambda b: b["value"][0].__setitem__("constraints", [])),
    ("accounts", "an undefined allocation mode", lambda b: account_of(b)["properties"].__setitem__("poolAllocationMode", "Batch")),
    ("accounts", "an unknown account property", lambda b: account_of(b)["properties"].__setitem__("autoStorageId", "x")),
    ("pool-templates", "a data-plane property in an ARM pool", lambda b: pool_of(b)["properties"].__setitem__("enableInterNodeCommunication", True)),
    ("pool-templates", "a misplaced VM configuration", lambda b: pool_of(b)["properties"].__setitem__(
        "virtualMachineConfiguration", pool_of(b)["properties"].pop("deploymentConfiguration")["virtualMachineConfiguration"])),
    ("pool-templates", "a data-plane spelling nested in an ARM pool", lambda b: pool_of(b)["properties"]["deploymentConfiguration"][
        "virtualMachineConfiguration"].__setitem__("nodeAgentSKUId", "x")),
    ("pool-templates", "a pool without identities", lambda b: pool_of(b).pop("identity")),
    ("pool-templates", "an undeclared parameter", lambda b: b["parameters"].popitem()),
]


def account_of(template):
    return next(r for r in template["resources"] if r["type"] == "Microsoft.Batch/batchAccounts")


def self_test(directories):
    """Fails unless every mutation of a known-good body is reported."""
    samples = {}
    for directory in directories:
        for dirpath, _, names in sorted(os.walk(directory)):
            for name in sorted(names):
                parts = os.path.relpath(os.path.join(dirpath, name), directory).split(os.sep)
                kind = "tasks" if len(parts) == 3 else parts[0]
                if name.endswith(".json") and not name.endswith(".after-tasks.json"):
                    with open(os.path.join(dirpath, name), encoding="utf-8") as handle:
                        body = json.load(handle)
                    if kind == "pools" and is_template(body):
                        kind = "pool-templates"
                    samples.setdefault(kind, body)
    classes = {
        "pools": batch_models.BatchPoolCreateOptions,
        "jobs": batch_models.BatchJobCreateOptions,
        "tasks": batch_models.BatchTaskGroup,
    }
    missed = []
    for kind, description, mutate in MUTATIONS:
        body = copy.deepcopy(samples[kind])
        mutate(body)
        checker = Checker(mgmt_models if kind in ("accounts", "pool-templates") else batch_models)
        if kind == "accounts":
            check_template(body, "self-test", checker)
        elif kind == "pool-templates":
            check_pool_template(body, "self-test", checker)
        else:
            checker.load(classes[kind], body, "self-test")
        if not checker.errors:
            missed.append(f"{kind}: {description}")
    for miss in missed:
        print(f"error: self-test: the check accepts {miss}", file=sys.stderr)
    if not missed:
        print(f"self-test: all {len(MUTATIONS)} broken payloads were caught")
    return not missed


def main(arguments):
    if not arguments or arguments == ["--self-test"]:
        print(__doc__)
        return 2
    if arguments[0] == "--self-test":
        arguments = arguments[1:]
        if not self_test(arguments):
            return 1
    batch = Checker(batch_models)
    mgmt = Checker(mgmt_models)
    total = {"pools": 0, "jobs": 0, "tasks": 0, "schedules": 0, "accounts": 0}
    for directory in arguments:
        counts = check_directory(directory, batch, mgmt)
        for key in total:
            total[key] += counts[key]
    errors = batch.errors + mgmt.errors
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if errors:
        return 1
    print(
        f"{len(arguments)} payload directories: {total['pools']} pools, {total['jobs']} jobs, "
        f"{total['tasks']} tasks, {total['schedules']} schedules, {total['accounts']} accounts accepted by "
        f"azure-batch (API {sdk_api_version()}) and azure-mgmt-batch (API {mgmt_api_version()})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
