/* generated from klib-src/cloudwatch/config.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/config_keys.h"
#include "../lib/config_map.h"
#include "config.h"

/* The `cloudwatch` manifest tuple: its keys, declared once (KEYS), read by the one reader
 * (lib/config_map.ts), listed in the README from the same rows. Stock keys: mem_metrics_interval,
 * logging.log_group, logging.log_stream; the others are ours. A value that is not valid gives one
 * console line naming the key; the klib then stays off and the VM keeps running (the stock klib
 * halted the boot). */

/* The keys of the `cloudwatch` tuple (lib/config_map.ts says how a row reads). */
static const struct config_key keys[] = {
    { .name = ss_static_init("mem_metrics_interval"), .kind = CONFIG_KIND_SECONDS,
      .field = offsetof(config, metrics_interval), .initial = ss_static_init(""),
      .range = ss_static_init("0s..24h"),
      .doc = ss_static_init("time between memory samples (PutMetricData); absent or 0: no "
                            "metrics") },
    { .name = ss_static_init("region"), .kind = CONFIG_KIND_TEXT, .field = offsetof(config, region),
      .initial = ss_static_init(""), .range = ss_static_init("1..32 [a-z0-9-]"),
      .doc = ss_static_init("the AWS region, such as `eu-west-3`; absent: the instance's (IMDS "
                            "`placement/region`)") },
    { .name = ss_static_init("metrics_endpoint"), .kind = CONFIG_KIND_ENDPOINT,
      .field = offsetof(config, metrics_endpoint), .initial = ss_static_init(""),
      .range = ss_static_init(""),
      .doc = ss_static_init("the CloudWatch endpoint, HTTPS (port 443 unless given); absent: "
                            "`monitoring.<region>.amazonaws.com`") },
    { .name = ss_static_init("ca_cert"), .kind = CONFIG_KIND_PEM,
      .field = offsetof(config, ca_cert), .initial = ss_static_init(""),
      .range = ss_static_init(""),
      .doc = ss_static_init("the CAs to trust (only) for CloudWatch's endpoints; absent: the "
                            "tls klib's trust") },
    { .name = ss_static_init("shutdown_timeout"), .kind = CONFIG_KIND_SECONDS,
      .field = offsetof(config, shutdown_timeout), .initial = ss_static_init("10s"),
      .range = ss_static_init("1s..1h"),
      .doc = ss_static_init("how long the shutdown flush may hold the VM's halt; then the VM "
                            "halts with what is left (one console line says what)") },
    { .name = ss_static_init("stats_interval"), .kind = CONFIG_KIND_SECONDS,
      .field = offsetof(config, stats_interval), .initial = ss_static_init(""),
      .range = ss_static_init("0s..24h"),
      .doc = ss_static_init("time between the log shipper's stats lines (lines, bytes, "
                            "requests, failures, drops); absent or 0: one at shutdown") },
    { .name = ss_static_init("logging"), .kind = CONFIG_KIND_SECTION,
      .field = offsetof(config, logging), .initial = ss_static_init(""),
      .range = ss_static_init(""),
      .doc = ss_static_init("its presence turns log shipping on; absent: no log shipping") },
    { .name = ss_static_init("logging.log_group"), .kind = CONFIG_KIND_TEXT,
      .field = offsetof(config, log_group), .initial = ss_static_init(""),
      .range = ss_static_init("1..512 [^:]"),
      .doc = ss_static_init("the log group; absent: the `IMAGE_NAME` environment variable, "
                            "else the `program`") },
    { .name = ss_static_init("logging.log_stream"), .kind = CONFIG_KIND_TEXT,
      .field = offsetof(config, log_stream), .initial = ss_static_init(""),
      .range = ss_static_init("1..512 [^:]"),
      .doc = ss_static_init("the log stream; absent: the instance id (from IMDS)") },
    { .name = ss_static_init("logging.endpoint"), .kind = CONFIG_KIND_ENDPOINT,
      .field = offsetof(config, logs_endpoint), .initial = ss_static_init(""),
      .range = ss_static_init(""),
      .doc = ss_static_init("the CloudWatch Logs endpoint (VPC, FIPS or local), HTTPS (port "
                            "443 unless given); absent: `logs.<region>.amazonaws.com`") },
    { .name = ss_static_init("logging.flush_interval"), .kind = CONFIG_KIND_MILLISECONDS,
      .field = offsetof(config, flush_ms), .initial = ss_static_init("1s"),
      .range = ss_static_init("10ms..1h"),
      .doc = ss_static_init("time between flushes of the log ring") },
    { .name = ss_static_init("logging.flush_interval_ms"), .kind = CONFIG_KIND_PLAIN_MILLISECONDS,
      .field = offsetof(config, flush_ms), .initial = ss_static_init(""),
      .range = ss_static_init("10ms..1h"),
      .doc = ss_static_init("another name for `logging.flush_interval`, whose plain number is "
                            "milliseconds (an older key)") },
    { .name = ss_static_init("logging.buffer_size"), .kind = CONFIG_KIND_SIZE,
      .field = offsetof(config, buffer_size), .initial = ss_static_init("8m"),
      .range = ss_static_init("64k..256m"),
      .doc = ss_static_init("the log ring: the klib's whole log memory, allocated at boot "
                            "(below)") },
    { .name = ss_static_init("logging.retention_days"), .kind = CONFIG_KIND_ONE_OF,
      .field = offsetof(config, retention_days), .initial = ss_static_init(""),
      .range = ss_static_init("1 3 5 7 14 30 60 90 120 150 180 365 400 545 731 1096 1827 2192 "
                              "2557 2922 3288 3653"),
      .doc = ss_static_init("days of retention, set with PutRetentionPolicy; absent: the "
                            "group's retention is left alone") },
};

/* Reads the manifest's `cloudwatch` tuple. Null when absent (silently: the klib is simply not
 * configured), or not valid (after saying why). */
config read_config(heap h, tuple root)
{
    config c = allocate(h, sizeof(struct config));
    if (c == INVALID_ADDRESS)
        return 0;
    enum config_status status = read_config_map(h, get(root, sym_this("cloudwatch")),
                                                ss("cloudwatch"), ss("CloudWatch disabled"), keys,
                                                _countof(keys), c);
    if (status == CONFIG_STATUS_VALID)
        return c;
    free_config_map(keys, _countof(keys), c);
    deallocate(h, c, sizeof(struct config));
    return 0;
}

/* The configuration from the root tuple (the manifest). */
config read_manifest_config(heap h)
{
    return read_config(h, get_root_tuple());
}
