/* generated from klib-src/lib/config_values.ts by klibc - do not edit */
#pragma once

/* What the number readers answer for a value that is not a number they accept. */
#define NOT_A_NUMBER 0xffffffffffffffffull

/* `logging.buffer_size` of the cloud klibs (cloudwatch, gcp): the log ring, allocated whole at boot
 * from the kernel's vmem heap and kept for the VM's life. 256 MiB holds minutes of output at the
 * rate one CloudWatch stream or Cloud Logging client takes (a few MB/s) and hours at ordinary
 * rates, and is memory a VM gives up for good; a ring that cannot be allocated is a console line
 * naming the key and the size, and the klib runs without log shipping. */
#define LOG_BUFFER_MIN_BYTES (64 << 10)

#define LOG_BUFFER_MAX_BYTES (256 << 20)

/* What is said of a logging.buffer_size that is not valid, after its key. */
#define LOG_BUFFER_RULE \
    ss("must be a size from 64k to 256m: bytes, or a number with a k, m or g suffix (such as 4m)")

u64 parse_decimal(buffer b, bytes from, bytes to);
u64 number_of(value v);
u64 parse_size(buffer b);
u64 size_of(value v);
u64 log_buffer_size_of(value v);
boolean is_pem_text(buffer b);
buffer copy_with_nul(heap h, buffer b);
