/* The plain-C interface between the differential harness (main.c, hosted) and adapter.c
 * (compiled against nanos-headers with the library's generated C). Basic C types only. */
unsigned long t_base64_encode(const unsigned char *src, unsigned long n, unsigned char *dst);
long t_base64_decode(const unsigned char *src, unsigned long n, unsigned char *dst);
unsigned long t_hex_encode(const unsigned char *src, unsigned long n, unsigned char *dst);
long t_hex_decode(const unsigned char *src, unsigned long n, unsigned char *dst);
unsigned long t_percent_encode(const unsigned char *src, unsigned long n, unsigned char *dst, int keep_slash);
unsigned long t_rfc3339(unsigned long seconds, unsigned int nanos, unsigned char *dst);
unsigned long t_amz_date(unsigned long seconds, unsigned char *dst);
long t_json_escape(const unsigned char *src, unsigned long n, unsigned char *dst, unsigned long cap);
int t_json_validate(const unsigned char *doc, unsigned long n, unsigned int max_depth, unsigned long max_size);
/* 0 when not found; else 1 with the value's kind, span, decoded string (or -1) and integer (or -1). */
int t_json_find(const unsigned char *doc, unsigned long n, const char *path, unsigned long path_length,
                unsigned int *kind, unsigned long *start, unsigned long *length,
                unsigned char *decoded, unsigned long cap, long *decoded_length, long *integer, long *count);
/* Parses with pieces ending at cuts; fills status, keep-alive, head and body lengths. The head and
 * body storage (from t_resize) starts with the rooms given and grows when the parser asks: by
 * `step` bytes, or doubling (with what the parser says is coming) when step is 0; *head and *body
 * are the final storage. */
long t_http_parse(const unsigned char *data, unsigned long n, const unsigned long *cuts, unsigned long ncuts,
                  int no_body, int at_close, unsigned char **head, unsigned long head_cap, unsigned long head_room,
                  unsigned char **body, unsigned long body_cap, unsigned long body_room, unsigned long step,
                  unsigned int *status, int *keep_alive, unsigned long *head_length, unsigned long *body_length);
/* Storage of exactly n bytes keeping the first `keep` of p (freed); implemented by main.c. */
unsigned char *t_resize(unsigned char *p, unsigned long keep, unsigned long n);
/* A configuration value's text as form f ('d' decimal, 's' size, 't' duration with `bare`
 * milliseconds per plain unit); NOT_A_NUMBER (10^15) when it is not one. */
unsigned long t_config_value(char f, const unsigned char *text, unsigned long n, unsigned long bare);
/* Whether byte c is in the character class cls[0, n) (without brackets). */
int t_config_class(const unsigned char *cls, unsigned long n, unsigned int c);
/* The position of word v[0, vn) among the words of list[0, n), or NOT_A_NUMBER. */
unsigned long t_config_word(const unsigned char *list, unsigned long n, const unsigned char *v, unsigned long vn);
