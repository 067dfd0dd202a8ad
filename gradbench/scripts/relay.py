#!/usr/bin/env python3
"""A stand-in for GradBench's `gradbench run` intermediary, for machines without its CLI.

Starts an eval command and a tool command, passes each line the eval writes to the tool and
each line the tool answers back to the eval (the protocol is strict lockstep), writes every
message and response to a log file as `gradbench run -o` would (one JSON object per line,
with the elapsed time), and prints one line per evaluate and analysis. Exits non-zero if the
tool's answer to an evaluate was invalid JSON or the eval found an output invalid.

    python3 relay.py --eval "python3 python/gradbench/gradbench/evals/llsq/run.py -n 16 32" \
        --tool "java -cp ... io.github.chainrule.gradbench.Main" --log llsq.jsonl
"""
import argparse
import json
import shlex
import subprocess
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval", required=True, help="the eval's command line")
    parser.add_argument("--tool", required=True, help="the tool's command line")
    parser.add_argument("--log", default=None, help="a JSON-lines log of the session")
    args = parser.parse_args()

    start = time.monotonic_ns()
    log = open(args.log, "w") if args.log else None
    ev = subprocess.Popen(shlex.split(args.eval), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    tool = subprocess.Popen(shlex.split(args.tool), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    failures = 0
    pending = {}
    try:
        for line in ev.stdout:
            if not line.strip():
                continue
            message = json.loads(line)
            if log:
                log.write(json.dumps({"elapsed": {"nanoseconds": time.monotonic_ns() - start}, "message": message}) + "\n")
            tool.stdin.write(line if line.endswith("\n") else line + "\n")
            tool.stdin.flush()
            answer = tool.stdout.readline()
            if not answer:
                print("the tool closed its output", file=sys.stderr)
                return 1
            response = json.loads(answer)  # fails on NaN? Python accepts NaN; check below
            if "NaN" in answer or "Infinity" in answer:
                print(f"[{message['id']}] response is not strict JSON: {answer[:200]}")
                failures += 1
            if log:
                log.write(json.dumps({"elapsed": {"nanoseconds": time.monotonic_ns() - start}, "response": response}) + "\n")
            kind = message.get("kind")
            if kind == "evaluate":
                runs = [t["nanoseconds"] for t in response.get("timings", []) if t["name"] == "evaluate"]
                pending[message["id"]] = (message["module"], message["function"], message.get("description", ""), response.get("success"), runs)
                if not response.get("success"):
                    print(f"[{message['id']}] {message['module']}::{message['function']} failed: {response.get('error')}")
            elif kind == "analysis":
                module, function, description, ok, runs = pending.pop(message["of"], ("?", "?", "", None, []))
                best = f"{min(runs) / 1e6:.3f} ms min of {len(runs)} runs" if runs else "no runs"
                verdict = "valid" if message.get("valid") else "INVALID " + str(message.get("error", ""))[:300]
                print(f"[{message['of']}] {module}::{function} {description}: {best}, {verdict}")
                if not message.get("valid"):
                    failures += 1
            elif kind == "define":
                print(f"[{message['id']}] define {message['module']}: {response.get('success')} {response.get('error', '')}")
            ev.stdin.write(answer if answer.endswith("\n") else answer + "\n")
            ev.stdin.flush()
    finally:
        for p in (ev, tool):
            try:
                p.stdin.close()
            except BrokenPipeError:
                pass
        ev.wait()
        tool.wait()
        if log:
            log.close()
    return 1 if failures or ev.returncode else 0


if __name__ == "__main__":
    sys.exit(main())
