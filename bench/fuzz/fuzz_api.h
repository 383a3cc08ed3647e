/* The plain-C interface between the fuzz targets (hosted, libc) and lib_adapter.c, which is
 * compiled against nanos-headers with the library's generated C. Only basic C types here, so
 * both sides can include it. */

struct fuzz_http_result {
    long result;            /* HTTP_DONE, HTTP_MORE or an error of httpResponseParse / httpResponseEnd */
    unsigned int status;
    int keep_alive;
    unsigned long head_length;
    unsigned long body_length;
    long content_type;      /* httpHeaderFind(..., "content-type"), -1 when absent */
};

/* Parses data as one response, fed in pieces that end at the given offsets (sorted, <= n), then
 * ends the stream when `at_close`. head and body are the storage given to the parser. */
void fuzz_http_parse(const unsigned char *data, unsigned long n, const unsigned long *cuts, unsigned long ncuts,
                     int no_body, int at_close, unsigned char *head, unsigned long head_cap,
                     unsigned char *body, unsigned long body_cap, struct fuzz_http_result *r);

/* jsonValidate with the given limits: JSON_OK (0) or an error. */
int fuzz_json_validate(const unsigned char *doc, unsigned long n, unsigned int max_depth, unsigned long max_size);

/* jsonFind for `path`; when found, the kind, and for strings the decoded length (or -1). */
int fuzz_json_find(const unsigned char *doc, unsigned long n, const char *path, unsigned long path_length,
                   unsigned char *decoded, unsigned long cap, long *decoded_length, unsigned int *kind);

/* jsonEscape: the escaped length, or -1 when it does not fit in cap. */
long fuzz_json_escape(const unsigned char *src, unsigned long n, unsigned char *dst, unsigned long cap);
