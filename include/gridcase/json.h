/* json.h - just enough JSON for JSON Lines export and import: flat objects
 * whose values are strings, numbers, booleans or null. */
#ifndef GRIDCASE_JSON_H
#define GRIDCASE_JSON_H

#include "gridcase/util.h"

void json_str(gc_buf *out, const char *s);

/* Parse one line holding a flat object into key/value pairs (numbers and
 * booleans as their text, null as ""). Returns 0, or -1 with msg. */
int json_parse_flat(const char *line, size_t len, gc_kv **kv, size_t *n, char *msg, size_t msgsize);

#endif
