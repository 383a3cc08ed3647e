/* JSON text to manifest values (see json.c). */
#pragma once

struct json_error {
    const char *message;
    int line;
    int column;
};

/* The value, or 0 with *error filled in. Each number or boolean (a string in
   the result) is also pushed on `scalars`, so a caller can tell them from
   JSON strings where the type matters. */
value host_json_parse(const void *text, bytes len, struct json_error *error, vector scalars);
