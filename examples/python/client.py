"""A ClaimStatus client in Python: records evidence, reads a claim's status, and decodes a refused request's
google.rpc.BadRequest. Run against a server on HOST:PORT (plaintext HTTP/2), with the generated modules on the
path: see README.md beside this file. Prints one JSON line and exits 0, or exits 1 with what went wrong."""
import json
import sys
import time

import grpc
from google.protobuf import timestamp_pb2

from claimstatus.v1 import claim_status_service_pb2 as service
from claimstatus.v1 import types_pb2 as types
from google.rpc import error_details_pb2, status_pb2

SERVICE = "/claimstatus.v1.ClaimStatusService/"


def method(channel, name, request_type, reply_type):
    """A unary method of the service; the messages are the generated ones, the call is grpcio's own."""
    return channel.unary_unary(SERVICE + name, request_serializer=request_type.SerializeToString,
                               response_deserializer=reply_type.FromString)


def at(iso):
    stamp = timestamp_pb2.Timestamp()
    stamp.FromJsonString(iso)
    return stamp


def bad_request(error):
    """The field violations of an INVALID_ARGUMENT, from the grpc-status-details-bin trailer."""
    details = dict(error.trailing_metadata() or ()).get("grpc-status-details-bin")
    if details is None:
        return []
    status = status_pb2.Status.FromString(details)
    violations = []
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            found = error_details_pb2.BadRequest()
            detail.Unpack(found)
            violations += [(v.field, v.description) for v in found.field_violations]
    return violations


def main(address):
    run = format(int(time.time() * 1000), "x")
    claim_id = f"py-claim-{run}"
    with grpc.insecure_channel(address) as channel:
        upsert = method(channel, "UpsertSource", service.UpsertSourceRequest, types.Source)
        create = method(channel, "CreateClaim", service.CreateClaimRequest, types.Claim)
        record = method(channel, "RecordAssertion", service.RecordAssertionRequest, service.RecordAssertionResponse)
        get_status = method(channel, "GetStatus", service.GetStatusRequest, types.StatusReport)

        sources = [f"py-{name}-{run}" for name in "abc"]
        for source in sources:
            upsert(service.UpsertSourceRequest(source=types.Source(
                id=source, name=f"Python source {source}", kind=types.SOURCE_KIND_NEWS_AGENCY,
                reliability=types.RELIABILITY_A, groups=[f"grp-{source}"])), timeout=10)
        create(service.CreateClaimRequest(claim=types.Claim(
            id=claim_id, text="A claim recorded by the Python client.", topics=["interop"])), timeout=10)
        for day, source in enumerate(sources, start=20):
            reply = record(service.RecordAssertionRequest(assertion=types.Assertion(
                claim_id=claim_id, source_id=source, stance=types.STANCE_SUPPORTS, hedge=types.HEDGE_CERTAIN,
                observed_at=at(f"2024-10-{day}T10:00:00Z"))), timeout=10)
            if reply.replayed:
                raise SystemExit(f"the first recording of {source} came back as a replay")

        report = get_status(service.GetStatusRequest(claim_id=claim_id, view=service.STATUS_VIEW_FULL), timeout=10)
        if report.status != types.STATUS_CONFIRMED or len(report.contributions) != 3:
            raise SystemExit(f"three independent A sources gave {types.Status.Name(report.status)} "
                             f"with {len(report.contributions)} contributions")

        try:
            get_status(service.GetStatusRequest(claim_id=""), timeout=10)
            raise SystemExit("an empty claim_id was accepted")
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.INVALID_ARGUMENT:
                raise SystemExit(f"an empty claim_id gave {error.code()}, not INVALID_ARGUMENT")
            violations = bad_request(error)

    print(json.dumps({"claim": claim_id, "status": types.Status.Name(report.status),
                      "probability": round(report.probability, 3), "violations": violations}))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: client.py HOST:PORT")
    main(sys.argv[1])
