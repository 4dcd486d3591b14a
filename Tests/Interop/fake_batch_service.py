#!/usr/bin/env python3
"""A fake Azure Batch service for testing submit.sh (Python standard library only).

One HTTP listener per account on 127.0.0.1. Each request is checked the way the Batch service
checks it, and refused as the service would refuse it:

- the query is exactly `api-version` = the expected version (default `API_VERSION`, the version
  batchspec's payloads are written for);
- an `ocp-date` header within 15 minutes of now;
- `Authorization: SharedKey ACCOUNT:SIGNATURE`, recomputed from the request as received with the
  account's key (the string to sign of "Authenticate requests to the Azure Batch service":
  the verb, eleven standard headers in a fixed order, the `ocp-` headers lowercased and sorted,
  then `/ACCOUNT/PATH` and the query parameters, sorted, URL-decoded), or `Bearer TOKEN` where
  the account was given a token;
- the method and path are one of the operations submit.sh uses (add pool, job, task collection,
  job schedule; get pool, job, job schedule; update job), a body's Content-Type is
  `application/json; odata=minimalmetadata` and its Content-Length its size, it parses as JSON
  and a task collection holds 1 to 100 tasks and at most 1,000,000 bytes.

It answers like the service: 201 for a created resource, 200 with the body for one that exists,
404 `PoolNotFound` / `JobNotFound` / `JobScheduleNotFound`, 409 `PoolExists` / `JobExists` /
`JobScheduleExists`, 403 `AuthenticationFailed`, 503 `ServerBusy` (to the requests `--busy`
numbers), a task collection's per-task results, and error bodies of the service's shape (`code`,
`message.lang`, `message.value`).

Every request is recorded in RECORD/requests.jsonl (one JSON object a line: n, account, auth,
method, path, status, body, error) with its body in RECORD/NNN.json, byte for byte.

    fake_batch_service.py --record DIR --account NAME=KEY ... [--token NAME=TOKEN ...]
        [--existing NAME/pools/ID ...] [--conflict NAME/pools/ID ...] [--refuse-task NAME/JOB/TASK ...]
        [--busy N ...]
    fake_batch_service.py --self-test

The first line printed is a JSON object of each account's endpoint URL. The service stops when
its standard input closes. `--self-test` drives it with Microsoft's `azure-batch` SDK (its own
Shared Key signer) to show that what the SDK signs is accepted and what a wrong key signs is not.
"""

import argparse
import base64
import email.utils
import hashlib
import hmac
import json
import os
import re
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API_VERSION = "2025-06-01"
JSON_TYPE = "application/json; odata=minimalmetadata"
SIGNED_HEADERS = [
    "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
    "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
]
KINDS = {"pools": "Pool", "jobs": "Job", "jobschedules": "JobSchedule"}
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_TASKS = 100
MAX_COLLECTION_BYTES = 1_000_000


def string_to_sign(method, headers, account, raw_path):
    """The Shared Key string to sign of a request, as the Batch service computes it."""
    path, _, query = raw_path.partition("?")
    lines = [method]
    for name in SIGNED_HEADERS:
        lines.append(headers.get(name, "") or "")
    text = "\n".join(lines) + "\n"
    ocp = sorted((name.lower(), " ".join(value.split())) for name, value in headers.items()
                 if name.lower().startswith("ocp-"))
    for name, value in ocp:
        text += f"{name}:{value}\n"
    text += f"/{account}{path}"
    parameters = {}
    for name, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
        parameters.setdefault(name.lower(), []).append(value)
    for name in sorted(parameters):
        text += f"\n{name}:{','.join(sorted(parameters[name]))}"
    return text


def signature(key, text):
    digest = hmac.new(base64.b64decode(key), text.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


class Refusal(Exception):
    """An answer other than success: the HTTP status, the service's error code and message."""

    def __init__(self, status, code, message):
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message


class Service:
    """The state of every account and the record of every request, shared by the listeners."""

    def __init__(self, record, keys, tokens, api_version, existing=(), conflicts=(), refused_tasks=(), busy=()):
        self.record, self.keys, self.tokens, self.api_version = record, keys, tokens, api_version
        self.lock = threading.Lock()
        self.count = 0
        self.resources = {account: {kind: {} for kind in KINDS} for account in set(keys) | set(tokens)}
        self.tasks = {account: {} for account in self.resources}
        for item in existing:
            account, kind, rid = item.split("/")
            self.resources[account][kind][rid.lower()] = {"id": rid}
        self.conflicts = {tuple(item.lower().split("/")) for item in conflicts}
        self.refused_tasks = {tuple(item.lower().split("/")) for item in refused_tasks}
        self.busy = set(busy)
        os.makedirs(record, exist_ok=True)

    def number(self):
        """The number the next request will be logged with."""
        with self.lock:
            return self.count + 1

    def log(self, entry, body):
        with self.lock:
            self.count += 1
            entry = {"n": self.count, **entry, "body": None}
            if body is not None:
                entry["body"] = f"{self.count:03d}.json"
                with open(os.path.join(self.record, entry["body"]), "wb") as file:
                    file.write(body)
            with open(os.path.join(self.record, "requests.jsonl"), "a", encoding="utf-8") as file:
                file.write(json.dumps(entry) + "\n")

    def authenticate(self, account, method, headers, raw_path):
        """Checks the date and the Authorization header; returns how the request authenticated."""
        date = headers.get("ocp-date")
        if not date:
            raise Refusal(403, "AuthenticationFailed", "The ocp-date header is missing.")
        try:
            sent = email.utils.parsedate_to_datetime(date).timestamp()
        except (TypeError, ValueError):
            raise Refusal(403, "AuthenticationFailed", f"The ocp-date header {date!r} is not an RFC 1123 date.")
        if abs(time.time() - sent) > 15 * 60:
            raise Refusal(403, "AuthenticationFailed", "The request is more than 15 minutes old.")
        authorization = headers.get("Authorization", "")
        if authorization.startswith("Bearer ") and account in self.tokens:
            if hmac.compare_digest(authorization[len("Bearer "):], self.tokens[account]):
                return "Bearer"
        elif authorization.startswith("SharedKey ") and account in self.keys:
            name, _, sent_signature = authorization[len("SharedKey "):].partition(":")
            expected = signature(self.keys[account], string_to_sign(method, headers, account, raw_path))
            if name == account and hmac.compare_digest(sent_signature, expected):
                return "SharedKey"
        raise Refusal(
            403, "AuthenticationFailed",
            "Server failed to authenticate the request. Make sure the value of Authorization header is "
            "correctly formed including the signature.")

    def handle(self, entry, account, method, raw_path, headers, body):
        """Returns (status, answer object or None) or raises Refusal; sets entry["auth"]."""
        path, _, query = raw_path.partition("?")
        parameters = urllib.parse.parse_qs(query, keep_blank_values=True)
        if parameters != {"api-version": [self.api_version]}:
            raise Refusal(400, "InvalidQueryParameterValue",
                          f"The query must be api-version={self.api_version}, not {query!r}.")
        entry["auth"] = self.authenticate(account, method, headers, raw_path)
        parts = path.strip("/").split("/")
        if body is not None:
            if " ".join(headers.get("Content-Type", "").replace(";", "; ").split()) != JSON_TYPE:
                raise Refusal(400, "InvalidHeaderValue", f"Content-Type must be {JSON_TYPE}.")
            try:
                value = json.loads(body.decode("utf-8"), parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
            except (UnicodeDecodeError, ValueError) as error:
                raise Refusal(400, "InvalidRequestBody", f"The request body is not valid JSON: {error}")
        resources = self.resources[account]
        if method == "GET" and len(parts) == 2 and parts[0] in KINDS and body is None:
            found = resources[parts[0]].get(parts[1].lower())
            if found is None:
                raise Refusal(404, f"{KINDS[parts[0]]}NotFound", f"The specified {KINDS[parts[0]].lower()} does not exist.")
            return 200, found
        if method == "POST" and len(parts) == 1 and parts[0] in KINDS and body is not None:
            rid = value.get("id") if isinstance(value, dict) else None
            if not isinstance(rid, str) or not ID_PATTERN.match(rid):
                raise Refusal(400, "InvalidPropertyValue", "The value provided for the id property is invalid.")
            if rid.lower() in resources[parts[0]] or (account.lower(), parts[0], rid.lower()) in self.conflicts:
                raise Refusal(409, f"{KINDS[parts[0]]}Exists", f"The specified {KINDS[parts[0]].lower()} already exists.")
            resources[parts[0]][rid.lower()] = value
            return 201, None
        if method == "POST" and len(parts) == 3 and parts[0] == "jobs" and parts[2] == "addtaskcollection" and body is not None:
            if parts[1].lower() not in resources["jobs"]:
                raise Refusal(404, "JobNotFound", "The specified job does not exist.")
            tasks = value.get("value") if isinstance(value, dict) and list(value) == ["value"] else None
            if not isinstance(tasks, list) or not 1 <= len(tasks) <= MAX_TASKS:
                raise Refusal(400, "InvalidRequestBody", f"The body must be {{\"value\": [...]}} with 1 to {MAX_TASKS} tasks.")
            if len(body) > MAX_COLLECTION_BYTES:
                raise Refusal(413, "RequestBodyTooLarge", "The request body is too large and exceeds the maximum permissible limit.")
            return 200, {"value": [self.add_task(account, parts[1], task) for task in tasks]}
        if method == "PATCH" and len(parts) == 2 and parts[0] == "jobs" and body is not None:
            job = resources["jobs"].get(parts[1].lower())
            if job is None:
                raise Refusal(404, "JobNotFound", "The specified job does not exist.")
            if not isinstance(value, dict):
                raise Refusal(400, "InvalidRequestBody", "The body must be a JSON object.")
            job.update(value)
            return 200, None
        raise Refusal(400, "UnsupportedOperation", f"submit.sh has no business sending {method} {path}.")

    def add_task(self, account, job, task):
        rid = task.get("id") if isinstance(task, dict) else None
        if not isinstance(rid, str) or not ID_PATTERN.match(rid) or "commandLine" not in task:
            return failed(rid, "InvalidPropertyValue", "A task needs an id and a commandLine.")
        known = self.tasks[account].setdefault(job.lower(), set())
        if rid.lower() in known:
            return failed(rid, "TaskExists", "The specified task already exists.")
        if (account.lower(), job.lower(), rid.lower()) in self.refused_tasks:
            return failed(rid, "InvalidPropertyValue", "The value provided for one of the properties in the request body is invalid.")
        known.add(rid.lower())
        return {"status": "success", "taskId": rid, "eTag": "0x8D00000000000001", "lastModified": now(),
                "location": f"https://{account}.region.batch.azure.com/jobs/{job}/tasks/{rid}"}


def now():
    return time.strftime("%Y-%m-%dT%H:%M:%S.0000000Z", time.gmtime())


def error_body(account, code, message):
    return {
        "odata.metadata": f"https://{account}.region.batch.azure.com/$metadata#Microsoft.Azure.Batch.Protocol.Entities.Container.errors/@Element",
        "code": code,
        "message": {"lang": "en-US", "value": f"{message}\nRequestId:{uuid.uuid4()}\nTime:{now()}"},
    }


def failed(rid, code, message):
    return {"status": "clienterror", "taskId": rid, "error": {"code": code, "message": {"lang": "en-US", "value": message}}}


def listener(service, account):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def answer(self):
            body = None
            if self.command in ("POST", "PATCH", "PUT"):
                length = self.headers.get("Content-Length")
                body = self.rfile.read(int(length)) if length and length.isdigit() else b""
            entry = {"account": account, "auth": None, "method": self.command, "path": self.path, "error": None}
            try:
                if service.number() in service.busy:
                    raise Refusal(503, "ServerBusy", "The server is currently unable to receive requests. Please retry your request.")
                if body is not None and self.headers.get("Content-Length") != str(len(body)):
                    raise Refusal(400, "MissingContentLength", "Content-Length must be the body's size.")
                status, answer = service.handle(entry, account, self.command, self.path, self.headers, body)
            except Refusal as refusal:
                status, answer = refusal.status, error_body(account, refusal.code, refusal.message)
                entry["error"] = f"{refusal.code}: {refusal.message}"
            entry["status"] = status
            service.log(entry, body)
            data = json.dumps(answer).encode("utf-8") if answer is not None else b""
            self.send_response(status)
            if answer is not None:
                self.send_header("Content-Type", "application/json;odata=minimalmetadata")
            if status == 201:
                self.send_header("Location", f"https://{account}.region.batch.azure.com{self.path.split('?')[0]}")
                self.send_header("ETag", "0x8D00000000000001")
            self.send_header("request-id", str(uuid.uuid4()))
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = answer

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def pairs(items):
    return dict(item.split("=", 1) for item in items)


def self_test():
    """What Microsoft's SDK signs passes; a wrong key, a wrong version and a missing resource fail."""
    import tempfile
    from azure.batch import BatchClient
    from azure.batch._configuration import BatchClientConfiguration
    from azure.core.credentials import AzureNamedKeyCredential
    from azure.core.exceptions import HttpResponseError, ResourceNotFoundError

    key = base64.b64encode(os.urandom(64)).decode("ascii")
    record = tempfile.mkdtemp()
    service = Service(record, {"sdkaccount": key}, {}, API_VERSION)
    server, url = listener(service, "sdkaccount")
    sdk_version = BatchClientConfiguration(url, AzureNamedKeyCredential("sdkaccount", key)).api_version
    assert sdk_version == API_VERSION, f"azure-batch speaks {sdk_version}, the fake expects {API_VERSION}"
    client = BatchClient(url, AzureNamedKeyCredential("sdkaccount", key))
    pool = {"id": "p1", "vmSize": "standard_d2s_v3"}
    client.create_pool(pool)
    assert client.get_pool("p1").id == "p1"
    try:
        client.get_pool("missing")
        raise AssertionError("a missing pool was found")
    except ResourceNotFoundError as error:
        assert error.error.code == "PoolNotFound", error.error
    try:
        client.create_pool(pool)
        raise AssertionError("a pool was created twice")
    except HttpResponseError as error:
        assert error.status_code == 409 and error.error.code == "PoolExists", error
    client.create_job({"id": "j1", "poolInfo": {"poolId": "p1"}})
    result = client.create_task_collection("j1", {"value": [{"id": "t1", "commandLine": "x"}, {"id": "t1", "commandLine": "x"}]})
    statuses = [(item.task_id, item.status, item.error.code if item.error else None) for item in result.result_values]
    assert statuses == [("t1", "success", None), ("t1", "clienterror", "TaskExists")], statuses
    client.update_job("j1", {"onAllTasksComplete": "terminatejob"})
    client.create_job_schedule({"id": "s1", "schedule": {}, "jobSpecification": {"poolInfo": {"poolId": "p1"}}})
    assert client.get_job_schedule("s1").id == "s1"
    wrong = BatchClient(url, AzureNamedKeyCredential("sdkaccount", base64.b64encode(os.urandom(64)).decode("ascii")))
    try:
        wrong.get_pool("p1")
        raise AssertionError("a wrong key was accepted")
    except HttpResponseError as error:
        assert error.status_code == 403 and error.error.code == "AuthenticationFailed", error
    older = BatchClient(url, AzureNamedKeyCredential("sdkaccount", key), api_version="2024-07-01.20.0")
    try:
        older.get_pool("p1")
        raise AssertionError("another api-version was accepted")
    except HttpResponseError as error:
        assert error.status_code == 400, error
    with open(os.path.join(record, "requests.jsonl"), encoding="utf-8") as file:
        requests = [json.loads(line) for line in file]
    signed = [r for r in requests if r["auth"] == "SharedKey"]
    assert len(signed) == len(requests) - 2, requests
    server.shutdown()
    print(f"fake Batch service: {len(signed)} requests signed by azure-batch's Shared Key policy accepted, "
          f"a wrong key and another api-version refused (api-version {API_VERSION})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record")
    parser.add_argument("--account", action="append", default=[], help="NAME=BASE64KEY")
    parser.add_argument("--token", action="append", default=[], help="NAME=TOKEN (Entra ID)")
    parser.add_argument("--api-version", default=API_VERSION)
    parser.add_argument("--existing", action="append", default=[], help="NAME/pools|jobs|jobschedules/ID")
    parser.add_argument("--conflict", action="append", default=[], help="NAME/KIND/ID: not found, but exists on create")
    parser.add_argument("--refuse-task", action="append", default=[], help="NAME/JOB/TASK: refused in its collection")
    parser.add_argument("--busy", action="append", default=[], type=int, help="N: answer the Nth request 503")
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    if args.self_test:
        self_test()
        return
    if not args.record:
        parser.error("--record is required")
    keys, tokens = pairs(args.account), pairs(args.token)
    service = Service(
        args.record, keys, tokens, args.api_version, args.existing, args.conflict, args.refuse_task, args.busy)
    endpoints = {}
    for account in sorted(set(keys) | set(tokens)):
        endpoints[account] = listener(service, account)[1]
    print(json.dumps(endpoints), flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
