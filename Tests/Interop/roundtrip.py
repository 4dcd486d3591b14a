#!/usr/bin/env python3
"""Round trip of real Azure Batch request bodies through batchspec.

For every body of the corpus (Tests/Interop/corpus, provenance in its SOURCES.md):

    batchspec import BODY... -o PROJECT      (a job together with its tasks; a pool or a
    batchspec check PROJECT                   schedule alone; a task with the job it is
    batchspec compile PROJECT --target azure-batch -o OUT      added to, see groups.json)

then the body is compared with what `compile` wrote for the same ID. A body round-trips when
every property comes back with the same value. The comparison is strict: only the
normalizations listed below are applied, each for a reason the service documents, and
anything else that is missing, added or changed is reported with its JSON path.

A task body is imported with the job it is added to (groups.json): the corpus's own body of
that job when the source has it, otherwise a scaffolding job and pool standing for the ones
that already exist in the account (scaffold_for); scaffolding is never compared. A job body
that names a pool by ID gets no scaffolding: naming a pool is part of the job body.

Normalizations (applied to both sides before comparing):
  1. Key order is ignored (JSON objects are unordered).
  2. Lists keyed by name are compared as sets: environmentSettings,
     commonEnvironmentSettings and metadata (name/value pairs, names unique), userAccounts
     (by name), and the tasks of a collection (by id). Every other list keeps its order.
  3. Enum values compare without regard to case: the service parses enums case-insensitively
     (the REST spec's own examples write `nonAdmin` and `nonadmin`, `jobSchedule` and
     `jobschedule`). The enum-valued properties are listed in ENUM_KEYS. Azure VM size names
     are compared the same way (Azure matches `vmSize` without regard to case).
  4. ISO 8601 durations compare by length: PT1H == PT60M == PT01H00M00S. Durations with
     years or months (whose length varies) compare only as written.
  5. A property the service documents a default for is the same absent as at its default;
     DEFAULTS lists each one with where it is documented. After that, an object left empty
     ({}) is the same as an absent one (a task's userIdentity {autoUser: {scope: pool,
     elevationLevel: nonAdmin}} is the same as none: the service reports exactly that for
     a job preparation task created without one, in azure-sdk-for-python's recording
     test_batch_jobs[sync]), and a JSON null is the same as an absent property
     (`az batch ... --json-file` reads the file into the SDK's models, which omit None).
     So is an empty list ([]): every list of a create body is optional and lists things to
     add (files, settings, accounts, dependencies), so an empty one adds nothing, as an
     absent one does.
  6. Legacy property names the service documented before they were renamed
     (LEGACY_RENAMES: targetDedicated, maxTasksPerNode, blobSource, runElevated) are read
     as their current names, with the same value.
  8. What API 2025-06-01 no longer has and whose value is now the only behaviour: a pool's
     targetNodeCommunicationMode `default` or `simplified` (classic communication was retired
     on 31 March 2026, and the property left the API) is the same as absent. An image
     reference's exactVersion is read-only (the service reports the version `latest` resolved
     to), so it is not part of what a client sends.
  9. (The harness, not a normalization: a body that uses autoStorageContainerName without an
     account template is imported with `--auto-storage autostorage`, as the import help says.)
 10. Forms older API versions or tools wrote for the same value: a number written as a
     string (the Batch CLI extension's templates write "1"; the CLI reads it as 1), and an
     extension's settings or protectedSettings written as a string holding a JSON object
     (their type until API 2024-07-01.20.0; an object since) compare as the number or object.
  11. A task's dependencies compare as one set of task IDs: `taskIds` and `taskIdRanges`
     (inclusive numeric ranges) are two spellings of the same list (BatchTaskDependencies:
     "the task depends on tasks 9, 10, 11 and 12" for the range 9-12), batchspec sends
     consecutive numeric IDs as ranges, and the order of IDs means nothing.
  7. A literal secret is not expected to round-trip: batchspec reads secrets from the
     environment and writes a `{{VARIABLE}}` placeholder. Where the original has a literal
     at a secret-bearing property (SECRET_KEYS) and the compiled body has a placeholder,
     the value counts as kept (reported as "secret -> placeholder", never as lost). For a
     URL (URL_KEYS) only its SAS query may become `?{{VARIABLE}}`: the part before `?` must
     be identical, and a placeholder where the original had no query is a change.

Usage:
  roundtrip.py --batchspec BIN [--corpus DIR] [--min-pass N] [--only NAME]... [--keep DIR]
  roundtrip.py --batchspec BIN --list-gaps [--top N]
  roundtrip.py --self-test

Exit status: 0 when at least --min-pass bodies round-trip (default 0), 1 when fewer do,
2 on a usage error or a corpus that cannot be read. Python standard library only.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.join(HERE, "corpus")

# --------------------------------------------------------------------------------------
# What the service documents. Sources: the property descriptions of the Batch data-plane
# REST API (Azure/azure-rest-api-specs, specification/batch/data-plane/Azure.Batch/stable/
# 2025-06-01.21.0, the same text as on learn.microsoft.com for Azure.Compute.Batch); where a
# property was renamed, the older API version that documented the old name.
# --------------------------------------------------------------------------------------

# Model of each member that has a model of its own ("[]" marks a list of that model).
CHILDREN: dict[str, dict[str, str]] = {
    "Pool": {
        "virtualMachineConfiguration": "VirtualMachineConfiguration",
        "taskSchedulingPolicy": "TaskSchedulingPolicy",
        "startTask": "StartTask",
        "userAccounts": "UserAccount[]",
        "networkConfiguration": "NetworkConfiguration",
    },
    "VirtualMachineConfiguration": {
        "imageReference": "ImageReference",
        "windowsConfiguration": "WindowsConfiguration",
        "dataDisks": "DataDisk[]",
    },
    "Job": {
        "constraints": "JobConstraints",
        "jobManagerTask": "JobManagerTask",
        "jobPreparationTask": "JobPreparationTask",
        "jobReleaseTask": "JobReleaseTask",
        "poolInfo": "PoolInfo",
    },
    "JobSchedule": {"jobSpecification": "Job"},
    "PoolInfo": {"autoPoolSpecification": "AutoPoolSpecification"},
    "AutoPoolSpecification": {"pool": "Pool"},
    "Task": {
        "constraints": "TaskConstraints",
        "userIdentity": "UserIdentity",
        "multiInstanceSettings": "MultiInstanceSettings",
        "exitConditions": "ExitConditions",
    },
    "ExitConditions": {
        "exitCodes": "ExitCodeMapping[]",
        "exitCodeRanges": "ExitCodeRangeMapping[]",
        "preProcessingError": "ExitOptions",
        "fileUploadError": "ExitOptions",
        "default": "ExitOptions",
    },
    # exitOptions of a mapping that covers exit code 0 is "ExitOptionsForZero" (see
    # exit_options_model); of any other, "ExitOptions".
    "ExitCodeMapping": {"exitOptions": "ExitOptions"},
    "ExitCodeRangeMapping": {"exitOptions": "ExitOptions"},
    "JobManagerTask": {"constraints": "TaskConstraints", "userIdentity": "UserIdentity"},
    "JobPreparationTask": {"constraints": "TaskConstraints", "userIdentity": "UserIdentity"},
    "JobReleaseTask": {"userIdentity": "UserIdentity"},
    "StartTask": {"userIdentity": "UserIdentity"},
    "UserIdentity": {"autoUser": "AutoUserSpecification"},
}

# (model, property) -> (default, where the service documents it).
DEFAULTS: dict[tuple[str, str], tuple[object, str]] = {
    ("Pool", "resizeTimeout"): ("PT15M", "BatchPoolCreateContent.resizeTimeout: 'The default value is 15 minutes.'"),
    ("Pool", "targetDedicatedNodes"): (0, "CloudPool.TargetDedicatedComputeNodes (Microsoft.Azure.Batch): 'If not specified, the default is 0.'"),
    ("Pool", "targetLowPriorityNodes"): (0, "CloudPool.TargetLowPriorityComputeNodes (Microsoft.Azure.Batch): 'If not specified, the default is 0.'"),
    ("Pool", "enableAutoScale"): (False, "BatchPoolCreateContent.enableAutoScale: 'The default value is false.'"),
    ("Pool", "autoScaleEvaluationInterval"): ("PT15M", "BatchPoolCreateContent.autoScaleEvaluationInterval: 'The default value is 15 minutes.'"),
    ("Pool", "enableInterNodeCommunication"): (False, "BatchPoolCreateContent.enableInterNodeCommunication: 'The default value is false.'"),
    ("Pool", "taskSlotsPerNode"): (1, "BatchPoolCreateContent.taskSlotsPerNode: 'The default value is 1.'"),
    ("Pool", "targetNodeCommunicationMode"): ("default", "BatchPoolCreateContent.targetNodeCommunicationMode: 'If omitted, the default value is Default.'"),
    ("TaskSchedulingPolicy", "nodeFillType"): ("spread", "BatchTaskSchedulingPolicy.nodeFillType: 'If not specified, the default is spread.'"),
    ("ImageReference", "version"): ("latest", "ImageReference.version: 'If omitted, the default is 'latest'.'"),
    ("WindowsConfiguration", "enableAutomaticUpdates"): (True, "WindowsConfiguration.enableAutomaticUpdates: 'If omitted, the default value is true.'"),
    ("DataDisk", "storageAccountType"): ("standard_lrs", "DataDisk.storageAccountType: 'If omitted, the default is \"standard_lrs\".'"),
    ("UserAccount", "elevationLevel"): ("nonadmin", "UserAccount.elevationLevel: 'The default value is nonAdmin.'"),
    ("StartTask", "waitForSuccess"): (True, "BatchStartTask.waitForSuccess: 'The default is true.'"),
    ("StartTask", "maxTaskRetryCount"): (0, "BatchStartTask.maxTaskRetryCount: 'The default value is 0 (no retries).'"),
    ("AutoUserSpecification", "scope"): ("pool", "AutoUserSpecification.scope: 'The default value is pool.'"),
    ("AutoUserSpecification", "elevationLevel"): ("nonadmin", "AutoUserSpecification.elevationLevel: 'The default value is nonAdmin.'"),
    ("Job", "priority"): (0, "BatchJobCreateContent.priority: 'The default value is 0.'"),
    ("Job", "onAllTasksComplete"): ("noaction", "BatchJobCreateContent.onAllTasksComplete: 'The default is noaction.'"),
    ("Job", "onTaskFailure"): ("noaction", "BatchJobCreateContent.onTaskFailure: 'The default is noaction.'"),
    ("Job", "usesTaskDependencies"): (False, "BatchJobCreateContent.usesTaskDependencies: 'The default is false.'"),
    ("Job", "maxParallelTasks"): (-1, "BatchJobCreateContent.maxParallelTasks: 'The default value is -1, which means no limit'"),
    ("JobConstraints", "maxTaskRetryCount"): (0, "BatchJobConstraints.maxTaskRetryCount: 'The default value is 0 (no retries).'"),
    ("AutoPoolSpecification", "keepAlive"): (False, "BatchAutoPoolSpecification.keepAlive: 'The default is false.'"),
    ("JobManagerTask", "killJobOnCompletion"): (True, "BatchJobManagerTask.killJobOnCompletion: 'The default value is true.'"),
    ("JobManagerTask", "runExclusive"): (True, "BatchJobManagerTask.runExclusive: 'The default value is true.'"),
    ("JobManagerTask", "requiredSlots"): (1, "BatchJobManagerTask.requiredSlots: 'The default is 1.'"),
    ("JobManagerTask", "allowLowPriorityNode"): (True, "BatchJobManagerTask.allowLowPriorityNode: 'The default value is true.'"),
    ("JobPreparationTask", "id"): ("jobpreparation", "BatchJobPreparationTask.id: 'the Batch service assigns a default value of 'jobpreparation''"),
    ("JobPreparationTask", "waitForSuccess"): (True, "BatchJobPreparationTask.waitForSuccess: 'The default value is true.'"),
    ("JobPreparationTask", "rerunOnNodeRebootAfterSuccess"): (True, "BatchJobPreparationTask.rerunOnNodeRebootAfterSuccess: 'The default value is true.'"),
    ("JobReleaseTask", "id"): ("jobrelease", "BatchJobReleaseTask.id: 'the Batch service assigns a default value of 'jobrelease''"),
    ("JobReleaseTask", "maxWallClockTime"): ("PT15M", "BatchJobReleaseTask.maxWallClockTime: 'The default value is 15 minutes.'"),
    ("JobReleaseTask", "retentionTime"): ("P7D", "BatchJobReleaseTask.retentionTime: 'The default is 7 days'"),
    ("TaskConstraints", "retentionTime"): ("P7D", "BatchTaskConstraints.retentionTime: 'The default is 7 days'"),
    ("Task", "requiredSlots"): (1, "BatchTaskCreateContent.requiredSlots: 'The default is 1.'"),
    ("MultiInstanceSettings", "numberOfInstances"): (1, "MultiInstanceSettings.numberOfInstances: 'If omitted, the default is 1.'"),
    ("ExitOptions", "jobAction"): ("terminate", "ExitOptions.jobAction: 'The default is none for exit code 0 and terminate for all other exit conditions.'"),
    ("ExitOptionsForZero", "jobAction"): ("none", "ExitOptions.jobAction: 'The default is none for exit code 0 and terminate for all other exit conditions.'"),
    ("ExitOptions", "dependencyAction"): ("block", "ExitOptions.dependencyAction: 'The default is 'satisfy' for exit code 0, and 'block' for all other exit conditions.'"),
    ("ExitOptionsForZero", "dependencyAction"): ("satisfy", "ExitOptions.dependencyAction: 'The default is 'satisfy' for exit code 0, and 'block' for all other exit conditions.'"),
}

# Older names of the same property (old name -> current name), read as the current one.
LEGACY_RENAMES: dict[str, tuple[str, str]] = {
    "targetDedicated": ("targetDedicatedNodes", "renamed in API 2017-05-01.5.0"),
    "maxTasksPerNode": ("taskSlotsPerNode", "renamed in API 2020-09-01.12.0"),
    "blobSource": ("httpUrl", "ResourceFile.blobSource, replaced by httpUrl in API 2018-12-01.8.0"),
}
# runElevated (API before 2017-01-01.4.0) became userIdentity.autoUser.elevationLevel.

# Properties whose values are enums (the REST spec's enum types), compared ignoring case.
ENUM_KEYS = {
    "nodeFillType", "elevationLevel", "scope", "poolLifetimeOption", "onAllTasksComplete",
    "onTaskFailure", "jobAction", "dependencyAction", "uploadCondition",
    "targetNodeCommunicationMode", "storageAccountType", "caching", "placement", "policy",
    "securityType", "protocol", "access", "mode", "loginMode", "storeLocation", "visibility",
    "workingDirectory", "targets", "ipAddressProvisioningType", "dynamicVNetAssignmentScope",
    # Not an enum, but matched without regard to case by Azure.
    "vmSize",
}
# Enum-valued only under this parent: an extension's "type" and an NFS mount's "source" are
# free text.
ENUM_PATHS = {("containerConfiguration", "type"), ("containerHostBatchBindMounts", "source")}

SECRET_KEYS = {"password", "accountKey", "sasKey", "protectedSettings"}
URL_KEYS = {"httpUrl", "storageContainerUrl", "containerUrl", "blobSource"}
KEYED_LISTS = {
    "environmentSettings": "name",
    "commonEnvironmentSettings": "name",
    "metadata": "name",
    "userAccounts": "name",
    "value": "id",
}
PLACEHOLDER = re.compile(r"^\{\{[A-Za-z_][A-Za-z0-9_]*\}\}$")
DURATION = re.compile(
    r"^P(?:(?P<y>\d+(?:\.\d+)?)Y)?(?:(?P<mo>\d+(?:\.\d+)?)M)?(?:(?P<w>\d+(?:\.\d+)?)W)?"
    r"(?:(?P<d>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<mi>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)

# --------------------------------------------------------------------------------------
# Normalization and comparison
# --------------------------------------------------------------------------------------


def duration_seconds(text: object) -> float | None:
    """Length of an ISO 8601 duration in seconds; None if not one or if it has Y/M."""
    if not isinstance(text, str) or text in ("P", "PT") or text.endswith("T"):
        return None
    match = DURATION.match(text)
    if not match or match.group("y") or match.group("mo"):
        return None
    parts = {k: float(v) for k, v in match.groupdict().items() if v}
    return (
        parts.get("w", 0) * 604800 + parts.get("d", 0) * 86400 + parts.get("h", 0) * 3600
        + parts.get("mi", 0) * 60 + parts.get("s", 0)
    )


def rename_legacy(value: object) -> object:
    """A copy of `value` with legacy property names read as their current names, and what
    normalizations 8 and 9 say."""
    if isinstance(value, list):
        return [rename_legacy(item) for item in value]
    if not isinstance(value, dict):
        return value
    out: dict = {}
    for key, item in value.items():
        if key == "targetNodeCommunicationMode" and str(item).lower() in ("default", "simplified"):
            continue
        if key == "exactVersion":
            continue
        if key in ("settings", "protectedSettings") and isinstance(item, str):
            try:
                parsed = json.loads(item)
            except ValueError:
                parsed = item
            if isinstance(parsed, dict):
                item = parsed
        if key == "runElevated" and isinstance(item, bool):
            identity = out.setdefault("userIdentity", {}).setdefault("autoUser", {})
            identity["elevationLevel"] = "admin" if item else "nonadmin"
            continue
        new_key = LEGACY_RENAMES.get(key, (key, ""))[0]
        if new_key in value and new_key != key:
            new_key = key  # both spellings present: compare both as written
        out[new_key] = rename_legacy(item)
    return out


def same_scalar(key: str, parent: str, a: object, b: object) -> bool:
    if a == b and type(a) is type(b):
        return True
    # Normalization 10: a number written as a string.
    if isinstance(a, str) and isinstance(b, int) and not isinstance(b, bool) and a.lstrip("-").isdigit():
        return int(a) == b
    if isinstance(b, str) and isinstance(a, int) and not isinstance(a, bool) and b.lstrip("-").isdigit():
        return int(b) == a
    if isinstance(a, str) and isinstance(b, str):
        if key in ENUM_KEYS or (parent, key) in ENUM_PATHS:
            return a.lower() == b.lower()
        da, db = duration_seconds(a), duration_seconds(b)
        if da is not None and db is not None:
            return da == db
    return False


def exit_options_model(model: str | None, mapping: dict) -> str:
    """The exitOptions of a mapping that covers exit code 0 have other defaults."""
    if model == "ExitCodeMapping" and mapping.get("code") == 0:
        return "ExitOptionsForZero"
    start, end = mapping.get("start"), mapping.get("end")
    if model == "ExitCodeRangeMapping" and isinstance(start, int) and isinstance(end, int):
        if start <= 0 <= end:
            return "ExitOptionsForZero"
    return "ExitOptions"


def strip_defaults(value: object, model: str | None) -> object:
    """Drops nulls, documented defaults and the objects they leave empty."""
    if isinstance(value, list):
        item_model = model[:-2] if model and model.endswith("[]") else None
        return [strip_defaults(item, item_model) for item in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if item is None:
            continue
        default = DEFAULTS.get((model or "", key))
        if default is not None and same_scalar(key, "", item, default[0]):
            continue
        child = CHILDREN.get(model or "", {}).get(key)
        if child == "ExitOptions":
            child = exit_options_model(model, value)
        item = strip_defaults(item, child)
        if isinstance(item, (dict, list)) and not item:
            continue
        out[key] = item
    return out


@dataclass
class Diff:
    lost: list[str] = field(default_factory=list)  # in the original, not in the output
    added: list[str] = field(default_factory=list)  # in the output, not in the original
    changed: list[str] = field(default_factory=list)  # both, different values
    secrets: list[str] = field(default_factory=list)  # literal secret -> placeholder

    def ok(self) -> bool:
        return not (self.lost or self.added or self.changed)


def compare(orig: object, comp: object, path: str, key: str, parent: str, diff: Diff) -> None:
    if isinstance(orig, dict) and isinstance(comp, dict):
        for k in orig:
            if k not in comp:
                diff.lost.append(f"{path}.{k}")
            else:
                compare(orig[k], comp[k], f"{path}.{k}", k, key, diff)
        diff.added.extend(f"{path}.{k}" for k in comp if k not in orig)
        return
    if isinstance(orig, list) and isinstance(comp, list):
        id_key = KEYED_LISTS.get(key)
        if id_key and all(isinstance(x, dict) and id_key in x for x in orig + comp):
            theirs = {x[id_key]: x for x in comp}
            for index, item in enumerate(orig):
                name = item[id_key]
                if name not in theirs:
                    diff.lost.append(f"{path}[{index}]")
                else:
                    compare(item, theirs[name], f"{path}[{index}]", key, parent, diff)
            names = {x[id_key] for x in orig}
            diff.added.extend(f"{path}[{x[id_key]!r}]" for x in comp if x[id_key] not in names)
            return
        for index, (a, b) in enumerate(zip(orig, comp)):
            compare(a, b, f"{path}[{index}]", key, parent, diff)
        diff.lost.extend(f"{path}[{i}]" for i in range(len(comp), len(orig)))
        diff.added.extend(f"{path}[{i}]" for i in range(len(orig), len(comp)))
        return
    if same_scalar(key, parent, orig, comp):
        return
    if isinstance(orig, str) and isinstance(comp, str) and orig:
        if key in SECRET_KEYS and PLACEHOLDER.match(comp):
            diff.secrets.append(path)
            return
        if key in URL_KEYS and "?" in orig and "?" in comp:
            base, query = orig.split("?", 1)
            comp_base, comp_query = comp.split("?", 1)
            if base == comp_base and query and PLACEHOLDER.match(comp_query):
                diff.secrets.append(path)
                return
    diff.changed.append(path)


def merge_dependencies(value: object) -> object:
    """Normalization 11: a task's dependsOn as one sorted list of task IDs."""
    if isinstance(value, list):
        return [merge_dependencies(item) for item in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key == "dependsOn" and isinstance(item, dict) and set(item) <= {"taskIds", "taskIdRanges"}:
            ids = list(item.get("taskIds") or [])
            ranges = item.get("taskIdRanges") or []
            if all(isinstance(r, dict) and isinstance(r.get("start"), int) and isinstance(r.get("end"), int)
                   and r["end"] - r["start"] < 1_000_000 for r in ranges):
                for r in ranges:
                    ids.extend(str(n) for n in range(r["start"], r["end"] + 1))
                out[key] = {"taskIds": sorted(set(ids))}
                continue
        out[key] = merge_dependencies(item)
    return out


def compare_bodies(orig: object, comp: object, model: str, path: str = "$") -> Diff:
    diff = Diff()
    a = strip_defaults(merge_dependencies(rename_legacy(orig)), model)
    b = strip_defaults(merge_dependencies(comp), model)
    compare(a, b, path, "", "", diff)
    return diff


# --------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------

KIND_MODEL = {"pool": "Pool", "job": "Job", "schedule": "JobSchedule", "tasks": "Task"}


def kind_of(body: object) -> str:
    if isinstance(body, list) or (isinstance(body, dict) and isinstance(body.get("value"), list)):
        return "tasks"
    if not isinstance(body, dict):
        return "unknown"
    if "schedule" in body and "jobSpecification" in body:
        return "schedule"
    if "poolInfo" in body:
        return "job"
    if "vmSize" in body:
        return "pool"
    if "commandLine" in body:
        return "tasks"
    return "unknown"


def task_list(body: object) -> list:
    if isinstance(body, list):
        return body
    if isinstance(body, dict) and isinstance(body.get("value"), list):
        return body["value"]
    return [body]


def task_path(body: object, index: int) -> str:
    if isinstance(body, list):
        return f"$[{index}]"
    if isinstance(body, dict) and isinstance(body.get("value"), list):
        return f"$.value[{index}]"
    return "$"


@dataclass
class Body:
    name: str
    kind: str
    data: object
    path: str


@dataclass
class Case:
    """One import: the bodies compared, and scaffolding imported with them."""

    name: str
    bodies: list[Body]
    job_id: str | None = None
    scaffold: dict[str, object] = field(default_factory=dict)


@dataclass
class Result:
    body: Body
    passed: bool = False
    stage: str = ""  # the stage that failed: import, check, compile, output
    diff: Diff = field(default_factory=Diff)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    note: str = ""


def load_corpus(directory: str) -> tuple[list[Body], dict]:
    bodies = []
    for entry in sorted(os.listdir(directory)):
        if not entry.endswith(".json") or entry == "groups.json":
            continue
        path = os.path.join(directory, entry)
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        bodies.append(Body(entry[: -len(".json")], kind_of(data), data, path))
    with open(os.path.join(directory, "groups.json"), encoding="utf-8") as handle:
        groups = json.load(handle)["tasks"]
    return bodies, groups


SCAFFOLD_POOL_ID = "roundtrip-scaffold-pool"


def scaffold_for(job_id: str, tasks: list) -> dict[str, object]:
    """The job `job_id` and its pool: the context a lone task body is added to, standing for
    a job and pool that already exist in the account. Neither is compared. Both are the
    plainest on which the tasks are valid (the service requires each of these): a pool with
    enough task slots for the largest requiredSlots, inter-node communication and enough
    nodes for a multi-instance task, a container configuration for container settings; a
    job that uses task dependencies for dependsOn, and onTaskFailure
    performexitoptionsjobaction for an exit condition's jobAction."""
    vm_configuration: dict[str, object] = {
        "imageReference": {
            "publisher": "canonical",
            "offer": "0001-com-ubuntu-server-jammy",
            "sku": "22_04-lts",
            "version": "latest",
        },
        "nodeAgentSKUId": "batch.node.ubuntu 22.04",
    }
    pool: dict[str, object] = {
        "id": SCAFFOLD_POOL_ID,
        "vmSize": "Standard_D2s_v3",
        "virtualMachineConfiguration": vm_configuration,
        "targetDedicatedNodes": 1,
    }
    tasks = [t for t in tasks if isinstance(t, dict)]
    slots = max([t.get("requiredSlots", 1) for t in tasks] + [1])
    if slots > 1:
        pool["taskSlotsPerNode"] = slots
    instances = [t["multiInstanceSettings"].get("numberOfInstances", 1) for t in tasks
                 if isinstance(t.get("multiInstanceSettings"), dict)]
    if instances:
        pool["enableInterNodeCommunication"] = True
        pool["targetDedicatedNodes"] = max(instances)
    if any("containerSettings" in t for t in tasks):
        vm_configuration["containerConfiguration"] = {"type": "dockerCompatible"}
    job: dict[str, object] = {"id": job_id, "poolInfo": {"poolId": SCAFFOLD_POOL_ID}}
    if any("dependsOn" in t for t in tasks):
        job["usesTaskDependencies"] = True
    if '"jobAction"' in json.dumps([t.get("exitConditions") for t in tasks]):
        job["onTaskFailure"] = "performexitoptionsjobaction"
    return {"scaffold-pool.json": pool, "scaffold-job.json": job}


def make_cases(bodies: list[Body], groups: dict) -> list[Case]:
    by_name = {b.name: b for b in bodies}
    for name in groups:
        if name not in by_name:
            raise SystemExit(f"groups.json names {name}, which is not in the corpus")
    cases: dict[str, Case] = {}
    for body in bodies:
        if body.kind == "unknown":
            raise SystemExit(f"{body.path}: not a pool, job, task or job schedule body")
        if body.kind != "tasks":
            cases.setdefault(body.name, Case(body.name, []))
            cases[body.name].bodies.insert(0, body)
            if body.kind == "job":
                cases[body.name].job_id = body.data.get("id")
            continue
        group = groups.get(body.name)
        if group is None:
            raise SystemExit(f"{body.path}: a task body needs its job in groups.json")
        if "job" in group:
            parent = by_name[group["job"]]
            cases.setdefault(parent.name, Case(parent.name, [], parent.data.get("id")))
            cases[parent.name].bodies.append(body)
        else:
            scaffold = scaffold_for(group["jobId"], task_list(body.data))
            case = Case(body.name, [body], group["jobId"], scaffold)
            cases[body.name] = case
    return list(cases.values())


# --------------------------------------------------------------------------------------
# Running batchspec
# --------------------------------------------------------------------------------------

WARNING = re.compile(r"^warning: (?P<file>.+?): (?P<path>\$\S*): (?P<message>.*)$")
SECRET_WARNING = re.compile(r"literal .* is not copied")


def run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def collect_output(directory: str) -> tuple[dict, list[str]]:
    """Compiled bodies by kind and ID: pools/<id>.json, jobs/<id>.json (with the update of
    jobs/<id>.after-tasks.json merged in), jobs/<id>/tasks-*.json, and any directory with
    'schedule' in its name; other files are listed as unknown."""
    found: dict[str, dict] = {"pool": {}, "job": {}, "schedule": {}, "tasks": {}}
    updates: dict[str, dict] = {}
    unknown = []
    for root, _, files in os.walk(directory):
        for name in sorted(files):
            if not name.endswith(".json"):
                continue
            path = os.path.join(root, name)
            parts = os.path.relpath(path, directory).split(os.sep)
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
            if parts[0] == "pools" and len(parts) == 2:
                found["pool"][data.get("id")] = data
            elif parts[0] == "jobs" and len(parts) == 2 and name.endswith(".after-tasks.json"):
                # The update submit.sh applies once the job's tasks are in: part of the job.
                updates[name[: -len(".after-tasks.json")]] = data
            elif parts[0] == "jobs" and len(parts) == 2:
                found["job"][data.get("id")] = data
            elif parts[0] == "jobs" and len(parts) == 3:
                for task in task_list(data):
                    found["tasks"].setdefault(parts[1], {})[task.get("id")] = task
            elif "schedule" in parts[0].lower() and isinstance(data, dict):
                found["schedule"][data.get("id")] = data
            elif parts[0] != "accounts":
                unknown.append("/".join(parts))
    for job_id, update in updates.items():
        if job_id in found["job"]:
            found["job"][job_id] = {**found["job"][job_id], **update}
    return found, unknown


def run_case(binary: str, case: Case, workdir: str) -> list[Result]:
    results = [Result(body) for body in case.bodies]
    inputs = os.path.join(workdir, "in")
    # Task files go under jobs/<job id>/, which is how import knows their job.
    for body in case.bodies:
        folder = inputs
        if body.kind == "tasks":
            folder = os.path.join(inputs, "jobs", case.job_id or "")
        os.makedirs(folder, exist_ok=True)
        shutil.copy(body.path, os.path.join(folder, body.name + ".json"))
    for name, data in case.scaffold.items():
        with open(os.path.join(inputs, name), "w", encoding="utf-8") as handle:
            json.dump(data, handle)
    project = os.path.join(workdir, "project")
    output = os.path.join(workdir, "out")

    # A body that names containers of the account's linked storage, with no account template to
    # say which storage that is, is imported as its user would: naming it with --auto-storage.
    command = [binary, "import", inputs, "-o", project]
    texts = [open(body.path, encoding="utf-8").read() for body in case.bodies]
    if any("autoStorageContainerName" in text for text in texts):
        command += ["--auto-storage", "autostorage"]
    imported = run(command)
    for line in imported.stderr.splitlines():
        match = WARNING.match(line)
        if not match:
            continue
        stem = os.path.basename(match["file"])[: -len(".json")]
        for result in results:
            if result.body.name == stem:
                result.warnings.append(f"{match['path']}: {match['message']}")
    other_lines = [l for l in imported.stderr.splitlines() if l.startswith("error")]

    def fail(stage: str, errors: list[str]) -> list[Result]:
        for result in results:
            result.stage, result.errors = stage, errors
        return results

    has_project = os.path.isdir(project) and any(f.endswith(".batch") for f in os.listdir(project))
    if not has_project:
        return fail("import", other_lines or [f"import exited {imported.returncode}, wrote no project"])
    checked = run([binary, "check", project, "--format", "json"])
    if checked.returncode != 0:
        try:
            diagnostics = json.loads(checked.stdout)["diagnostics"]
            errors = [f"{d['code']}: {d['message']}" for d in diagnostics if d["severity"] == "error"]
        except (ValueError, KeyError):
            errors = [checked.stderr.strip() or checked.stdout.strip()]
        return fail("check", errors or [f"check exited {checked.returncode}"])
    if imported.returncode != 0:
        return fail("import", other_lines or [f"import exited {imported.returncode}"])
    compiled = run([binary, "compile", project, "--target", "azure-batch", "-o", output])
    if compiled.returncode != 0:
        return fail("compile", [compiled.stderr.strip()[:300] or f"compile exited {compiled.returncode}"])

    found, _ = collect_output(output)
    for result in results:
        body = result.body
        if body.kind == "tasks":
            theirs = found["tasks"].get(case.job_id, {})
            for index, task in enumerate(task_list(body.data)):
                path = task_path(body.data, index)
                if task.get("id") not in theirs:
                    result.diff.lost.append(path)
                    continue
                sub = compare_bodies(task, theirs[task["id"]], "Task", path)
                for name in ("lost", "added", "changed", "secrets"):
                    getattr(result.diff, name).extend(getattr(sub, name))
        else:
            theirs = found[body.kind].get(body.data.get("id"))
            if theirs is None:
                result.stage = "output"
                result.errors = [f"no {body.kind} `{body.data.get('id')}` in the compiled output"]
                result.note = "import, check and compile exited 0 but the body is not in the output"
                continue
            result.diff = compare_bodies(body.data, theirs, KIND_MODEL[body.kind])
        result.passed = result.diff.ok() and not result.stage
    return results


def self_test() -> int:
    """Proves the comparison catches what it must and forgives only what it documents."""
    pool = {"id": "p", "vmSize": "Standard_D2s_v3", "resizeTimeout": "PT1H",
            "virtualMachineConfiguration": {"imageReference": {"publisher": "a", "offer": "b", "sku": "c"},
                                            "nodeAgentSKUId": "batch.node.ubuntu 22.04"},
            "userAccounts": [{"name": "u", "password": "hunter2"}],
            "startTask": {"commandLine": "x", "resourceFiles": [
                {"httpUrl": "https://a.blob.core.windows.net/c/f?sv=1&sig=2", "filePath": "f"}]},
            "metadata": [{"name": "a", "value": "1"}, {"name": "b", "value": "2"}]}
    same = json.loads(json.dumps(pool))
    same["resizeTimeout"] = "PT60M"  # same length
    same["vmSize"] = "standard_d2s_v3"  # case
    same["virtualMachineConfiguration"]["imageReference"]["version"] = "latest"  # default
    same["taskSchedulingPolicy"] = {"nodeFillType": "Spread"}  # default, other case
    same["userAccounts"][0]["password"] = "{{U_PASSWORD}}"  # secret -> placeholder
    same["startTask"]["resourceFiles"][0]["httpUrl"] = "https://a.blob.core.windows.net/c/f?{{A_SAS}}"
    same["metadata"].reverse()  # keyed by name
    same["targetLowPriorityNodes"] = 0
    legacy = dict(pool, maxTasksPerNode=2)
    renamed = dict(pool, taskSlotsPerNode=2)
    checks = [
        ("equivalent spellings compare equal", compare_bodies(pool, same, "Pool").ok(), True),
        ("secrets are reported as kept", len(compare_bodies(pool, same, "Pool").secrets), 2),
        ("a legacy name is read as its successor", compare_bodies(legacy, renamed, "Pool").ok(), True),
        ("PT01H00M00S is PT1H", duration_seconds("PT01H00M00S") == duration_seconds("PT1H"), True),
        ("P1M is not compared by length", duration_seconds("P1M"), None),
        ("an empty list is an absent one",
         compare_bodies({"id": "t", "commandLine": "x", "resourceFiles": []}, {"id": "t", "commandLine": "x"},
                        "Task").ok(), True),
        ("ranges are the IDs they span",
         compare_bodies({"id": "t", "dependsOn": {"taskIds": ["3", "a", "1", "2"]}},
                        {"id": "t", "dependsOn": {"taskIds": ["a"], "taskIdRanges": [{"start": 1, "end": 3}]}},
                        "Task").ok(), True),
    ]
    failures = [
        ("a lost property", dict(pool, enableAutoScale=True), pool, "lost", "$.enableAutoScale"),
        ("a changed value", pool, dict(pool, resizeTimeout="PT2H"), "changed", "$.resizeTimeout"),
        ("an added property", pool, dict(pool, taskSlotsPerNode=4), "added", "$.taskSlotsPerNode"),
        ("a non-default value where the original had none", pool,
         dict(pool, taskSchedulingPolicy={"nodeFillType": "pack"}), "added", "$.taskSchedulingPolicy"),
        ("a case change outside enums", pool, dict(pool, id="P"), "changed", "$.id"),
        ("a placeholder for a SAS the original did not have",
         {"httpUrl": "https://a/c/f", "filePath": "f"}, {"httpUrl": "https://a/c/f?{{S}}", "filePath": "f"},
         "changed", "$.httpUrl"),
        ("a placeholder that also changes the URL",
         {"httpUrl": "http://a/c/f?sig=1", "filePath": "f"}, {"httpUrl": "https://a/c/f?{{S}}", "filePath": "f"},
         "changed", "$.httpUrl"),
        ("a placeholder for a value that is no secret", pool, dict(pool, id="{{ID}}"), "changed", "$.id"),
        ("a range one task short", {"id": "t", "dependsOn": {"taskIdRanges": [{"start": 1, "end": 4}]}},
         {"id": "t", "dependsOn": {"taskIdRanges": [{"start": 1, "end": 3}]}}, "lost", "$.dependsOn.taskIds[3]"),
        ("a different number written as a string", dict(pool, targetDedicatedNodes="2"),
         dict(pool, targetDedicatedNodes=1), "changed", "$.targetDedicatedNodes"),
        ("a word where a number was", dict(pool, targetDedicatedNodes="one"), dict(pool, targetDedicatedNodes=1),
         "changed", "$.targetDedicatedNodes"),
        ("a reordered list", {"a": [1, 2]}, {"a": [2, 1]}, "changed", "$.a[0]"),
    ]
    exit_task = {"id": "t", "commandLine": "x", "exitConditions": {"exitCodeRanges": [
        {"start": 2, "end": 4, "exitOptions": {"jobAction": "terminate"}}]}}
    zero_task = {"id": "t", "commandLine": "x", "exitConditions": {"exitCodes": [
        {"code": 0, "exitOptions": {"jobAction": "terminate"}}]}}
    no_action = lambda task: json.loads(json.dumps(task).replace('{"jobAction": "terminate"}', "{}"))
    checks.append(("terminate is the job action's default for a nonzero exit code",
                   compare_bodies(exit_task, no_action(exit_task), "Task").ok(), True))
    failures.append(("terminate is no default for exit code 0", zero_task, no_action(zero_task),
                     "lost", "$.exitConditions.exitCodes[0].exitOptions"))
    bad = [name for name, got, want in checks if got != want]
    for name, orig, comp, bucket, path in failures:
        diff = compare_bodies(orig, comp, "Pool")
        if path not in getattr(diff, bucket):
            bad.append(f"{name}: expected {bucket} {path}, got {diff}")
    for name in bad:
        print(f"roundtrip self-test FAILED: {name}", file=sys.stderr)
    if not bad:
        print(f"roundtrip self-test: {len(checks) + len(failures)} checks passed")
    return 1 if bad else 0


# --------------------------------------------------------------------------------------
# Reports
# --------------------------------------------------------------------------------------


def generic(path: str) -> str:
    """`$.value[1].resourceFiles[0].x` -> `$.resourceFiles[*].x`: a path for counting."""
    path = re.sub(r"^\$(\.value)?\[\d+\]", "$", path)
    return re.sub(r"\[[^\]]*\]", "[*]", path)


def gaps_of(result: Result) -> set[str]:
    """What stops a body from round-tripping, as counted by --list-gaps: the error that
    stopped its import, check or compile (names in backquotes elided, so one rule counts
    once), the JSON paths import left out, and the paths lost, changed or added."""
    kind = result.body.kind if result.body.kind != "tasks" else "task"
    keys = set()
    if result.stage:
        for error in result.errors[:1]:
            error = re.sub(r"`[^`]*`(?:(?:, | or )`[^`]*`)*", "`…`", error.splitlines()[0])
            keys.add(f"{result.stage} error: {error[:100]}")
        for warning in result.warnings:
            path, _, message = warning.partition(": ")
            if not SECRET_WARNING.search(message):
                keys.add(f"{kind} {generic(path)}")
    for name, label in (("lost", ""), ("changed", " (changed)"), ("added", " (added)")):
        for path in getattr(result.diff, name):
            keys.add(f"{kind} {generic(path)}{label}")
    return keys


def print_table(results: list[Result]) -> None:
    width = max(len(r.body.name) for r in results)
    print(f"{'body':<{width}}  {'kind':<8}  result")
    print(f"{'-' * width}  {'-' * 8}  {'-' * 40}")
    for result in results:
        diff = result.diff
        if result.passed:
            verdict = "pass"
        elif result.stage:
            verdict = f"FAIL at {result.stage}: {result.errors[0][:160] if result.errors else ''}"
        else:
            verdict = f"FAIL: {len(diff.lost)} lost, {len(diff.changed)} changed, {len(diff.added)} added"
        print(f"{result.body.name:<{width}}  {result.body.kind:<8}  {verdict}")
        for name in ("lost", "changed", "added"):
            for path in getattr(diff, name):
                print(f"{'':<{width}}    {name}: {path}")
        for path in diff.secrets:
            print(f"{'':<{width}}    secret -> placeholder (kept): {path}")
        for warning in result.warnings:
            print(f"{'':<{width}}    import warning: {warning}")
        if result.note:
            print(f"{'':<{width}}    note: {result.note}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batchspec", help="the built batchspec binary")
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument("--min-pass", type=int, default=0, help="fail below this many passes")
    parser.add_argument("--list-gaps", action="store_true", help="lost paths by frequency")
    parser.add_argument("--top", type=int, default=40, help="how many gaps --list-gaps shows")
    parser.add_argument("--only", action="append", default=[], help="run only this body's case")
    parser.add_argument("--keep", help="keep every case's inputs, project and output here")
    parser.add_argument("--self-test", action="store_true", help="test the comparison, then exit")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    if not args.batchspec or not os.access(args.batchspec, os.X_OK):
        print(f"roundtrip: {args.batchspec} is not an executable", file=sys.stderr)
        return 2
    try:
        bodies, groups = load_corpus(args.corpus)
        cases = make_cases(bodies, groups)
    except (OSError, ValueError) as error:
        print(f"roundtrip: cannot read the corpus: {error}", file=sys.stderr)
        return 2
    if args.only:
        cases = [c for c in cases if any(b.name in args.only for b in c.bodies)]

    results: list[Result] = []
    scratch = args.keep or tempfile.mkdtemp(prefix="batchspec-roundtrip-")
    try:
        for case in cases:
            workdir = os.path.join(scratch, case.name)
            shutil.rmtree(workdir, ignore_errors=True)
            os.makedirs(workdir)
            results.extend(run_case(args.batchspec, case, workdir))
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    results.sort(key=lambda r: r.body.name)

    passed = sum(r.passed for r in results)
    if args.list_gaps:
        counts = collections.Counter(key for r in results for key in gaps_of(r))
        print(f"{'bodies':>6}  gap: an error that stops the body, or a JSON path lost (left out by import, or\n{'':>6}  missing from the compiled body), changed or added")
        for key, count in counts.most_common(args.top):
            print(f"{count:>6}  {key}")
    else:
        print_table(results)
        kinds = collections.Counter(r.body.kind for r in results)
        print()
        print("corpus: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    print(f"{passed} of {len(results)} bodies round-trip")
    if passed < args.min_pass:
        print(f"roundtrip: {passed} is below --min-pass {args.min_pass}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
