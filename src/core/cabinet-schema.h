/* cabinet-schema.h — the database schema, as the migrations that build it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* cabinet_schema_migrations[v] takes a database from user_version v to v + 1. */
extern const char * const cabinet_schema_migrations[];
extern const int          cabinet_schema_n_migrations;

G_END_DECLS
