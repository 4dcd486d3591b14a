"""Starts `batchspec lsp` (the one on PATH) and speaks LSP over stdio with Content-Length framing:
initialize, initialized, shutdown, exit. Fails unless initialize answers with capabilities,
shutdown answers null, and the server exits 0.

    lsp_smoke.py [ROOT_DIRECTORY]
"""

import json
import os
import subprocess
import sys


def send(process: subprocess.Popen, message: dict) -> None:
    body = json.dumps(message).encode("utf-8")
    process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    process.stdin.flush()


def receive(process: subprocess.Popen) -> dict:
    length = None
    while True:
        line = process.stdout.readline()
        if not line:
            sys.exit("the server closed its output before answering")
        line = line.strip()
        if not line:
            break
        name, _, value = line.decode("ascii").partition(":")
        if name.lower() == "content-length":
            length = int(value)
    if length is None:
        sys.exit("a message without Content-Length")
    return json.loads(process.stdout.read(length))


def answer(process: subprocess.Popen, id: int) -> dict:
    while True:  # skip notifications (logs, diagnostics)
        message = receive(process)
        if message.get("id") == id:
            return message


def main() -> int:
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
    process = subprocess.Popen(["batchspec", "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    send(process, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": os.getpid(), "rootUri": "file://" + root, "capabilities": {}}})
    initialized = answer(process, 1)
    capabilities = initialized.get("result", {}).get("capabilities")
    if not capabilities or "textDocumentSync" not in capabilities:
        sys.exit(f"initialize did not answer with capabilities: {initialized}")
    send(process, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send(process, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    shutdown = answer(process, 2)
    if "result" not in shutdown or shutdown["result"] is not None:
        sys.exit(f"shutdown did not answer null: {shutdown}")
    send(process, {"jsonrpc": "2.0", "method": "exit"})
    process.stdin.close()
    status = process.wait(timeout=10)
    if status != 0:
        sys.exit(f"the server exited {status} after shutdown and exit")
    name = initialized["result"].get("serverInfo", {})
    print(f"lsp: initialize ({len(capabilities)} capabilities, {name}), shutdown, exit 0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
