/* generated from klib-src/syslog/file.ts by klibc - do not edit */
#pragma once
#include "../logpipe/follower.h"
#include "../logpipe/ring.h"
#include "config.h"

/* The file writer: allocated at init, passed to each of its paths. */
typedef struct file_writer {
    /* Set at init, then only read. */
    heap h;
    struct config *config;
    /* The configured path. */
    buffer path;
    /* Null until fileFollow. */
    struct log_pipe *pipe;
    /* The follower's entry record (used by the claim's holder). */
    struct log_entry *entry;
    buffer from_name;
    buffer to_name;
    /* Used only by the holder of the claim (`writing`, see claim()). */
    fsfile file;
    u64 offset;
    buffer batch;
    sg_list batch_sg;
    u64 batch_end;
    /* Bytes of the entry at the follower's position already in the file (its first lines went
     * before a rotation), and the same for the batch in flight's end. */
    bytes entry_done;
    bytes batch_end_done;
    boolean rotate_due;
    boolean reported_error;
    status_handler on_written;
    struct spinlock guard;
    boolean writing;
    /* The shutdown completion: applied once everything is written and synced. */
    status_handler finishing;
} *file_writer;

file_writer file_writer_new(heap h, config c);
void file_follow(file_writer w, log_pipe p, boolean network);
void file_flush(file_writer w);
void file_shutdown(file_writer w, status_handler done);
