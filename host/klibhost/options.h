/* klibhost's command line. */
#pragma once

struct options {
    const char *config_path;
    const char *klib_dir;           /* 0: host-klibs next to the binary */
    const char *root_dir;           /* the image's root filesystem; 0: a temporary one */
    unsigned long long flush_timeout_ns;
    int memory_report;              /* --memory-report: one line of heap figures on stderr at exit */
    char **program_argv;            /* NULL-terminated, from argv */
};

/* Parses argv; on a usage error prints a message and exits with status 2. */
void parse_options(int argc, char **argv, struct options *o);
