/* cabinet-client-export.h — everything Cabinet holds about one client, as a
 * document to hand over (right of access) or to take elsewhere (portability)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cabinet-client.h"
#include "cabinet-practitioner.h"

G_BEGIN_DECLS

/* The label of a field in the user's language, as the export prints it. */
const char *cabinet_client_export_field_label (CabinetClientField    field);

/* A UTF-8 text: title, date of export, practitioner (when given), then every
 * field with its label, grouped as the record is. */
char       *cabinet_client_export_text        (CabinetClient        *client,
                                               CabinetPractitioner  *practitioner,
                                               GError              **error);
/* The same data as JSON, field names as in the database. */
char       *cabinet_client_export_json        (CabinetClient        *client,
                                               CabinetPractitioner  *practitioner,
                                               GError              **error);
/* "Client data - Hélène Martin - 2026-11-22.txt" (@extension without the dot). */
char       *cabinet_client_export_file_name   (CabinetClient        *client,
                                               GDateTime            *when,
                                               const char           *extension);

G_END_DECLS
