/* generated from klib-src/lib/config_keys.ts by klibc - do not edit */
#pragma once

/* How a key's value is written, and what its field holds (the table tool checks the field's
 * type). */
enum config_kind {
    /* A tuple of further keys (`logging`); its presence sets the field (boolean). */
    CONFIG_KIND_SECTION,
    /* The same, except that a value other than a tuple is ignored (the stock gcp klib's
     * `metrics.disk`). */
    CONFIG_KIND_LAX_SECTION,
    /* Any value; its presence sets the field (boolean). */
    CONFIG_KIND_PRESENCE,
    /* on, off, true or false (boolean). */
    CONFIG_KIND_SWITCH,
    /* A decimal number within the range (u64). */
    CONFIG_KIND_INTEGER,
    /* Bytes, or a number with a k, m or g suffix (powers of 1024), within the range (u64 bytes). */
    CONFIG_KIND_SIZE,
    /* A duration within the range, in whole seconds; a plain number is seconds (u64 seconds). */
    CONFIG_KIND_SECONDS,
    /* A duration within the range; a plain number is seconds (u64 milliseconds). */
    CONFIG_KIND_MILLISECONDS,
    /* A duration within the range; a plain number is milliseconds, as an older key had it (u64
     * milliseconds). */
    CONFIG_KIND_PLAIN_MILLISECONDS,
    /* One of the range's words; the field holds its position (u32, or an enum in that order). */
    CONFIG_KIND_CHOICE,
    /* One of the range's words, or its position as a number (u32). */
    CONFIG_KIND_CHOICE_OR_NUMBER,
    /* One of the range's numbers (u64). */
    CONFIG_KIND_ONE_OF,
    /* Text of the range's length and character class, `1..512 [A-Za-z0-9_./-]` (Buffer, a copy). */
    CONFIG_KIND_TEXT,
    /* A host name: 1 to 253 letters, digits, dots and dashes (Buffer, a copy). */
    CONFIG_KIND_HOST,
    /* `host` or `host:port` (Buffer, a copy). */
    CONFIG_KIND_ENDPOINT,
    /* PEM text (Buffer, a copy with a NUL after it, which mbedtls's PEM parser wants). */
    CONFIG_KIND_PEM,
    /* A tuple of names with string values, at most the range's count (the Tuple). */
    CONFIG_KIND_LABELS,
};

enum config_status {
    /* No tuple under the klib's name: every field holds its default. */
    CONFIG_STATUS_ABSENT,
    /* Something was not valid (said on the console); those fields hold their defaults. */
    CONFIG_STATUS_INVALID,
    CONFIG_STATUS_VALID,
    /* Out of memory before anything was read (said on the console): every field holds its zero. */
    CONFIG_STATUS_UNREAD,
};

/* One key of a klib's manifest tuple: a row of the klib's table. */
typedef struct config_key {
    /* Its path in the klib's tuple: `shutdown_timeout`, `logging.flush_interval`. */
    sstring name;
    enum config_kind kind;
    /* Where its value goes in the klib's record: offsetOf<Config>('field'). */
    bytes field;
    /* The value when the key is absent, written as in a manifest (`1s`, `4m`, `udp`); '' for none
     * (0, off, null). A row with the field of an earlier row is another name for that key: the
     * earlier row's default stands. */
    sstring initial;
    /* What it accepts: `lo..hi` (either side may be left out; written in the kind's own form,
     * `10ms..1h`, `64k..256m`), for Text a length range and a class (`1..512 [^:]`), for Choice and
     * OneOf the words. */
    sstring range;
    /* The README's line about it. */
    sstring doc;
} *config_key;

void write_rule(buffer b, enum config_kind kind, sstring range);
