/** The google.rpc error model (status, codes, rich error details). */
export * from "./gen/google/rpc/error_details_pb.js";
export * from "./gen/google/rpc/status_pb.js";
export * from "./gen/google/rpc/code_pb.js";
