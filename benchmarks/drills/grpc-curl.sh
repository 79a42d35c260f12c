# Shared by the drills: gRPC unary calls through curl (h2c), readiness and expectations. Needs $work (a scratch
# folder) and $url (the server, on 127.0.0.1) set by the drill that sources it.
# gRPC messages are hand-encoded protobuf behind the 5-byte frame prefix; curl speaks h2c and shows the trailers.
frame() { python3 -c '
import struct, sys
kind, arg = sys.argv[1], sys.argv[2]
def s(field, b): return bytes([field << 3 | 2]) + varint(len(b)) + b
def varint(n):
    out = b""
    while True:
        byte, n = n & 0x7F, n >> 7
        out += bytes([byte | (0x80 if n else 0)])
        if not n: return out
claim = lambda i: s(1, i.encode()) + s(2, ("Claim " + i + " " + "x" * 200).encode())
if kind == "health": m = s(1, arg.encode()) if arg else b""
elif kind == "create": m = s(1, claim(arg))                                   # CreateClaimRequest
elif kind == "batch": m = b"".join(s(1, s(1, claim(arg + "-" + str(i)))) for i in range(300))  # BatchCreateClaims
elif kind == "get": m = s(1, arg.encode())                                    # GetClaimRequest
sys.stdout.buffer.write(b"\0" + struct.pack(">I", len(m)) + m)' "$1" "$2"; }
call() { # method kind arg -> prints "grpc-status<TAB>grpc-message"; the reply body goes to $work/reply
  frame "$2" "${3:-}" > "$work/request"
  curl -s --max-time "${CALL_TIMEOUT:-10}" --http2-prior-knowledge -X POST -H 'content-type: application/grpc' -H 'te: trailers' \
    --data-binary @"$work/request" -D "$work/headers" -o "$work/reply" "$url/$1" || true
  local code msg
  code="$({ grep -i '^grpc-status:' "$work/headers" || true; } | tail -1 | tr -d '\r' | awk '{print $2}')"
  msg="$({ grep -i '^grpc-message:' "$work/headers" || true; } | tail -1 | tr -d '\r' | cut -d' ' -f2- | python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.stdin.read().strip()))')"
  printf '%s\t%s\n' "${code:-none}" "$msg"
}
ready() { # prints SERVING / NOT_SERVING / other for a health service name
  local r; r="$(call grpc.health.v1.Health/Check health "${1:-}")"
  if [ "$(cut -f1 <<<"$r")" != 0 ]; then echo "error:$r"; return; fi
  case "$(xxd -p "$work/reply")" in 0000000002080[1]) echo SERVING;; 0000000002080[2]) echo NOT_SERVING;; *) echo "other:$(xxd -p "$work/reply")";; esac
}
wait_ready() { # wanted -> prints seconds taken (fails after 30 s)
  local start; start="$(date +%s.%N)"
  for _ in $(seq 1 300); do
    [ "$(ready)" = "$1" ] && { python3 -c "print(f'{$(date +%s.%N) - $start:.2f}')"; return 0; }
    sleep 0.1
  done
  echo "drill: readiness never became $1" >&2; exit 1
}
expect() { # label wanted-code "status<TAB>message"
  local code; code="$(cut -f1 <<<"$3")"
  printf '  %-34s grpc-status %-3s %s\n' "$1" "$code" "$(cut -f2 <<<"$3")"
  [ "$code" = "$2" ] || { echo "drill: $1 expected grpc-status $2" >&2; exit 1; }
}
