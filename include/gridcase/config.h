/* SPDX-License-Identifier: MIT */
/* config.h - the validated configuration: levels, calendar, forms, workflows,
 * roles and users. Loaded once per process; read-only afterwards. */
#ifndef GRIDCASE_CONFIG_H
#define GRIDCASE_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include "gridcase/util.h"
#include "gridcase/calendar.h"

enum gc_ftype {
	FT_TEXT, FT_LONGTEXT, FT_INT, FT_DATE, FT_DATETIME, FT_CHOICE,
	FT_MULTICHOICE, FT_BOOL, FT_USER, FT_NODE, FT_RECORD, FT_COUNT
};
extern const char *const gc_ftype_names[FT_COUNT];

typedef struct gc_pattern gc_pattern;   /* a compiled PCRE2 pattern (src/config/pattern.c) */

typedef struct gc_field {
	char *key, *label;
	int type;
	int required;
	char *def;                  /* default value, canonical form, or NULL */
	int has_min, has_max;
	long long min, max;         /* text: length in characters; int: value */
	char *min_date, *max_date;  /* date bounds, canonical */
	char *pattern;              /* PCRE2 (UTF), matched against the whole value */
	char *hint;                 /* what a value looks like, for people ("11位手机号码"), or NULL */
	gc_pattern *re;             /* compiled, with match, depth and heap limits */
	char **choices;
	gc_sla *choice_sla;         /* per choice: its own time limit (a category's 处置时限), or none */
	size_t *choice_order;       /* choice indexes sorted by their bytes (config_choice_index) */
	size_t nchoices;
	char *form;                 /* record reference: the form it must point at */
	int node_level;             /* node reference: 1 + the level it must be of, 0: any */
	int readonly;               /* kept by the workflow (count, extend): not set by hand */
	int search;                 /* text searched through the n-gram index (search: true; title, location, reporter, phone by default) */
} gc_field;

typedef struct gc_level {
	char *key, *label;
	gc_field *attrs;            /* base data of nodes at this level */
	size_t nattrs;
} gc_level;

typedef struct gc_state {
	char *key, *label;
	gc_sla sla;
	char *sla_by;               /* a choice field whose chosen value's limit, when it has one, replaces sla */
	int pause, final;
	int has_edit;               /* edit: given: only these roles edit the creator's fields here */
	int *edit;                  /* role indexes */
	size_t nedit;
} gc_state;

/* create: a record of another form made by a transition and linked to
 * the record (a patrol's finding turned into a case, 转事件). */
typedef struct gc_create {
	char *form;                 /* the form of the record made */
	char *link;                 /* this form's record field that keeps its id */
	char *at;                   /* this form's node field where it is made, NULL: the record's node */
	char **copy_to, **copy_from;   /* its field <- this record's field */
	size_t ncopy;
	char **set_key, **set_val;  /* its field = a fixed value */
	size_t nset;
} gc_create;

typedef struct gc_transition {
	char *key, *label;
	int from_any;
	int *from;                  /* state indexes */
	size_t nfrom;
	int to;
	int *roles;                 /* role indexes; none = any role with scope */
	size_t nroles;
	char **fields;              /* fields that must be non-empty after the transition */
	size_t nfields;
	int comment_required;
	int stay;                   /* to: same: the record keeps its state and its clock */
	int when_overdue;           /* when: overdue: only while past due (督办) */
	char **requires;            /* fields that must be non-empty before (a pending request) */
	size_t nrequires;
	char *count;                /* an int field the transition adds one to (返工, 督办) */
	char *extend;               /* a field holding a time limit (2wd) that moves the due time (延期) */
	char **clear;               /* fields emptied by the transition */
	size_t nclear;
	int by_assignee;            /* by: assignee: only the record's assignee takes it (处置) */
	int *assign_roles;          /* assign_roles: who it may assign the record to; none = anyone who sees it */
	size_t nassign_roles;
	gc_create *create;          /* create: or NULL */
} gc_transition;

typedef struct gc_workflow {
	char *key;
	int initial;
	gc_state *states;
	size_t nstates;
	gc_transition *trans;
	size_t ntrans;
} gc_workflow;

typedef struct gc_form {
	char *key, *label;
	char *short_label;          /* a list's form column (事件, 走访): `short:`, else the label's first 4 columns */
	int directory;              /* directory: true: its records' titles are read by whoever sees a reference to one */
	int at_level;               /* records hang under nodes of this level */
	gc_workflow *wf;            /* NULL: a simple record form without states */
	int title_field;            /* index into fields, -1 if none */
	gc_field *fields;
	size_t nfields;
	/* Per field, then the built-in assignee (index nfields): the
	 * transitions that write it (the workflow owns it), NULL-ended; a
	 * field no transition names has an empty list (config_owner.c). */
	const gc_transition ***owners;
} gc_form;

enum gc_scope { SCOPE_OWN, SCOPE_SUBTREE, SCOPE_ALL };

typedef struct gc_role {
	char *key, *label;
	int scope;
	int admin;
	unsigned char *create;      /* per form index: may create */
	unsigned char *edit;        /* per form index: may edit fields */
} gc_role;

typedef struct gc_user {
	char *login, *name;
	int role;
	char *node;                 /* node code */
	char *file;                 /* the file that defines them (users may be in several) */
	int line;
} gc_user;

/* ---- the matching: section (config_match.c; used by match.c) ---- */

typedef struct match_side {
	char *form;        /* the form of this side's records */
	char *by;          /* its field whose value must equal the other side's */
	char *accepted;    /* its record field that keeps the other side's id once accepted */
	char *project;     /* its record field that keeps the project's id */
} match_side;

typedef struct match_copy {
	char *to, *from;   /* project field <- left field */
} match_copy;

typedef struct gc_matching {
	char *key, *label;
	int area;                    /* level index: both sides under one node of it (-1: a pair form) */
	char *pair_form;             /* area: a form: the sides lie in the two nodes of one open record */
	char *pair_a, *pair_b;       /* of it, its first two node fields (else NULL) */
	match_side left, right;
	char *project_form;
	char *project_left, *project_right;   /* project fields holding the two ids */
	char *project_pair;          /* project field holding the pair record's id (or NULL) */
	match_copy *copy;
	size_t ncopy;
} gc_matching;

/* ---- the measures: and ranking: sections (config_measure.c; used by measure.c, rank.c) ---- */

/* A measure over the fields of one form's records, per node and period
 * (docs/configuration.md, "measures"): the average of an int field, the
 * share of records whose field has a value (or a given one), a count
 * (optionally split by the values of a choice field), or the count of
 * one form per record of another (projects per pair). */
enum { MEASURE_AVERAGE, MEASURE_SHARE, MEASURE_COUNT, MEASURE_RATIO };
extern const char *const gc_measure_kinds[];

typedef struct gc_measure {
	char *key, *label;
	int kind;
	char *form;                 /* the form whose records it counts */
	const gc_field *field;      /* average: the int field; share: the field; count: NULL */
	char *value;                /* share: the value that counts (canonical), NULL: any value */
	const gc_field *where;      /* only records whose field where equals where_value */
	char *where_value;
	const gc_field *by;         /* count: a choice field it is split by */
	char *per;                  /* ratio: the form whose records divide the count */
	int lower_better;           /* better: lower (for rankings; default higher) */
} gc_measure;

/* A flag a ranking gives rows: the bottom N ranked, or those below a value. */
typedef struct gc_rank_flag {
	char *label;
	long long bottom;           /* the last N ranked rows (0: not by place) */
	int has_below;
	double below;               /* rows whose value is below this (worse side: above for better: lower) */
	char *measure;              /* only when ranking by this key (NULL: any) */
} gc_rank_flag;

/* ---- the demo: section (config_demo.c; used by demo.c) ---- */

#define GC_MAX_DEPTH 8
/* Templates per kind of demo record: the demo builds a million cases with
 * fixed arrays; config_demo.c refuses more, saying so. */
#define GC_DEMO_MAX_FIELDS 16

/* Names of the nodes of one level: a list used in turn, or two lists
 * joined (the first by the parent's position, the second by the node's). */
typedef struct demo_names {
	char **a, **b;
	size_t na, nb;
} demo_names;

/* key: template. Templates hold text and {place} {number} {kind} {phone}
 * {person} {node} {N-M} (a whole number from N to M). */
typedef struct demo_kv {
	char *key, *tpl;
} demo_kv;

typedef struct demo_cfg {
	char *root_code, *root_name;
	size_t depth;                        /* levels below the root */
	int digits;                          /* a child's code: its parent's and this many digits (3) */
	unsigned children[GC_MAX_DEPTH];     /* per node of the level above */
	demo_names names[GC_MAX_DEPTH];
	demo_kv *attrs[GC_MAX_DEPTH];        /* base data per level below the root */
	size_t nattrs[GC_MAX_DEPTH];
	char **surnames, **given;            /* {person} */
	size_t nsurnames, ngiven;
	char **places;                       /* {place} */
	size_t nplaces;
	/* cases */
	char *form;                          /* the form of the cases */
	char *category;                      /* its choice field whose kinds give {kind} */
	char **wkeys;                        /* weights of the groups before '/' */
	unsigned *weights;
	size_t nweights;
	demo_kv *fields;                     /* field: template */
	size_t nfields;
	char *filled;                        /* a value for fields a transition requires */
	char *creator;                       /* template of the creator's login */
	/* other kinds of record, made one by one through the core */
	struct demo_records {
		char *form;
		int level;                       /* made under every node of this level */
		unsigned count;                  /* per node */
		unsigned total, nodes;           /* or total in all, in turn over the first `nodes` nodes (0: all) */
		demo_kv *fields, *done;          /* templates; values for fields transitions ask for */
		size_t nfields, ndone;
		int state;                       /* state: every record left in this one (index), or -1 */
	} *records;
	size_t nrecords;
	unsigned match_percent;              /* share of proposed pairs accepted on both sides */
	char **match_keys;                   /* or per matching: its key and share */
	unsigned *match_percents;
	size_t nmatch;
	/* staff: one user per node of a level, made into cfg->users at load
	 * or, loaded with config_staff_on_demand, at the first need */
	struct demo_staff_entry {
		int level, role;
		char *login;                     /* template: {node} is the code after the root's */
	} *staff;
	size_t nstaff;
	int staff_made;
	size_t users_room;                   /* cfg->users holds this many, staff included */
} demo_cfg;

typedef struct gc_config {
	char *dir;                  /* where it was loaded from */
	char *title;
	char *database;             /* absolute or relative to dir; may be NULL */
	int low_bandwidth;
	int ascii;                  /* the UI in ASCII whatever the locale */
	gc_level *levels;
	size_t nlevels;
	gc_calendar cal;
	gc_form *forms;
	size_t nforms;
	gc_workflow *workflows;
	size_t nworkflows;
	gc_role *roles;
	size_t nroles;
	gc_user *users;
	size_t nusers;
	uint32_t *user_order;       /* users' index by login: a hash table (config_index_users) */
	size_t nuser_order;         /* users it covers: config_user searches it when all */
	gc_matching *matchings;     /* the matching: section, in order */
	size_t nmatchings;
	demo_cfg *demo;             /* the demo: section, or NULL */
	gc_measure *measures;       /* the measures: section, in order */
	size_t nmeasures;
	gc_rank_flag *rank_flags;   /* ranking: flags:, in order (the first that applies) */
	size_t nrank_flags;
} gc_config;

/* Load from a directory (every *.yaml in it) or a single file. Returns NULL and
 * fills errs (every error, each "file:line:col: message") on failure. */
gc_config *config_load(const char *path, gc_errs *errs);
/* Set before config_load by a command that reads users only through
 * config_user (list, stats, report, show): the demo's staff (hundreds of
 * users) are then made at the first login config_user does not find,
 * or by config_make_staff, instead of at every start. */
extern int config_staff_on_demand;
/* The demo's staff among the users, if they are not yet (idempotent;
 * the configuration is const to its readers, the staff its one addition). */
void config_make_staff(const gc_config *cfg);
void config_free(gc_config *cfg);

/* Find the configuration: explicit path, $GRIDCASE_CONFIG,
 * $XDG_CONFIG_HOME/gridcase (~/.config/gridcase), /etc/gridcase; never the
 * current directory. Returns a malloc'd path or NULL. */
char *config_locate(const char *explicit_path);
/* $VAR/gridcase when VAR (XDG_CONFIG_HOME, XDG_DATA_HOME) is an absolute
 * path, else $HOME/FALLBACK/gridcase; NULL without either. malloc'd. */
char *config_xdg_dir(const char *var, const char *fallback);

const gc_form *config_form(const gc_config *cfg, const char *key);
const gc_measure *config_measure(const gc_config *cfg, const char *key);
/* A form by its key or its label (事件); NULL when none has it. */
const gc_form *config_form_named(const gc_config *cfg, const char *s);
/* A state's key from its key or its label (上报) in the workflow of form
 * (NULL: of any form), keys first; NULL when no workflow has it. */
const char *config_state_named(const gc_config *cfg, const gc_form *form, const char *s);
/* The states people may name (of form's workflow, NULL: of every form),
 * each once, as "上报 (reported), 受理 (accepted), ..." into out. */
void config_state_names(const gc_config *cfg, const gc_form *form, gc_buf *out);
int config_form_index(const gc_config *cfg, const char *key);
int config_field_index(const gc_form *f, const char *key);
/* The field a key names in a form: one of its own, the built-in assignee
 * every form has (config_assignee, a user field), or NULL. */
extern const gc_field config_assignee;
const gc_field *config_slot(const gc_form *f, const char *key);
/* What people read for a field: its label (the built-in's in their language). */
const char *config_label(const gc_field *f);
/* Index of the choice equal to the n bytes at s, or -1 (a binary search:
 * categories have dozens of choices and time limits look one up per step). */
int config_choice_index(const gc_field *f, const char *s, size_t n);
int config_state_index(const gc_workflow *wf, const char *key);
int config_level_index(const gc_config *cfg, const char *key);
const gc_user *config_user(const gc_config *cfg, const char *login);
/* Index the users by login for config_user (config_load does it last);
 * returns cfg. */
gc_config *config_index_users(gc_config *cfg);
/* Whether s may be a login: letters, digits, '.', '_' and '-' (not first), at most 64 bytes. */
int config_valid_login(const char *s);
int config_role_index(const gc_config *cfg, const char *key);
/* The transitions that own a field (the workflow writes it, nobody else),
 * NULL-ended, or NULL when no transition names it; key may be assignee. */
const gc_transition *const *config_owners(const gc_form *f, const char *key);
/* True when transition t asks for key's value (key is in its fields:). */
int transition_writes(const gc_transition *t, const char *key);
/* True when transition t may be taken from state (an index). */
int transition_leaves(const gc_transition *t, int state);

/* Check a value typed by a user against a field's rules and convert it to the
 * canonical stored form. Existence of users is checked here; nodes and
 * records are checked by the core, which has the store. Returns NULL when
 * fine, else a message (static or in msgbuf). */
const char *field_canonical(const gc_config *cfg, const gc_field *f, const char *in,
			    gc_buf *out, char *msgbuf, size_t msgsize);

#endif
