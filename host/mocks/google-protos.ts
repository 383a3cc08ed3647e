// Google's API definitions as shipped in npm (the official client packages'
// compiled protos.json), loaded with protobufjs: Logging v2 from
// @google-cloud/logging-api, Monitoring v3 from @google-cloud/monitoring.
import { createRequire } from 'node:module';
import protobuf from 'protobufjs';

const require = createRequire(import.meta.url);

function load(path: string): protobuf.Root {
  const root = protobuf.Root.fromJSON(require(path));
  root.resolveAll();
  return root;
}

let logging: protobuf.Root | undefined;
let monitoring: protobuf.Root | undefined;

export function loggingRoot(): protobuf.Root {
  logging ??= load('@google-cloud/logging-api/build/protos/protos.json');
  return logging;
}

export function monitoringRoot(): protobuf.Root {
  monitoring ??= load('@google-cloud/monitoring/build/protos/protos.json');
  return monitoring;
}
