/* Test-program helper: a whole file in memory, NUL-terminated, as mbedtls's
   PEM parsers want it (the length they are given counts the NUL). */
#ifndef TEST_MBEDTLS_READ_FILE_H
#define TEST_MBEDTLS_READ_FILE_H

#include <stdio.h>
#include <stdlib.h>

/* Returns a malloc'ed copy of the file plus a NUL, its length with the NUL
   in *len; 0 (after a message on stderr) when the file cannot be read. */
static inline unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data = 0;
    long size;

    if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0 || !(data = malloc((size_t)size + 1)) ||
        fread(data, 1, (size_t)size, f) != (size_t)size) {
        perror(path);
        free(data);
        if (f)
            fclose(f);
        return 0;
    }
    fclose(f);
    data[size] = 0;
    *len = (size_t)size + 1;
    return data;
}

#endif
