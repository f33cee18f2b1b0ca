/* cabinet-check.h — one compliance check of the workstation and its result
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cabinet-check-env.h"

G_BEGIN_DECLS

typedef enum {
  CABINET_CHECK_UNKNOWN,
  CABINET_CHECK_PASS,
  CABINET_CHECK_WARN,
  CABINET_CHECK_FAIL,
} CabinetCheckStatus;

const char         *cabinet_check_status_to_string   (CabinetCheckStatus status); /* "pass"… */
CabinetCheckStatus  cabinet_check_status_from_string (const char        *text);
const char         *cabinet_check_status_label       (CabinetCheckStatus status); /* translated */

/* What a check found: a status, one line for the therapist, the evidence it read
 * (file names and values, one per line), and a remedy written for a non-technical
 * person (NULL when nothing needs doing). */
typedef struct {
  CabinetCheckStatus  status;
  char               *summary;
  char               *evidence;
  char               *remedy;
} CabinetCheckResult;

CabinetCheckResult *cabinet_check_result_new  (CabinetCheckStatus  status,
                                               const char         *summary,
                                               const char         *evidence,
                                               const char         *remedy);
void                cabinet_check_result_free (CabinetCheckResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CabinetCheckResult, cabinet_check_result_free)

/* A check runs in a worker thread, reads only through @env, never blocks past
 * cabinet_check_env_get_timeout(), and always returns a result (UNKNOWN with the
 * reason when it cannot tell). */
typedef CabinetCheckResult *(*CabinetCheckFunc) (CabinetCheckEnv *env,
                                                 GCancellable    *cancellable);

typedef struct {
  const char       *id;        /* stable: "disk-encryption" */
  const char       *title;     /* marked for translation, shown translated */
  gboolean          required;  /* one of the four the practice needs */
  CabinetCheckFunc  run;
  guint             timeout_factor;  /* times the usual timeout; 0 means 1 */
} CabinetCheckInfo;

/* Simulating an upgrade with apt takes seconds where PackageKit is absent. */
#define CABINET_CHECK_OS_UPDATES_TIMEOUT_FACTOR 4

/* Every check, in the order they are shown. */
const CabinetCheckInfo *cabinet_checks_get_all (guint *n_checks);

/* The checks themselves, each in src/core/checks/. */
CabinetCheckResult *cabinet_check_disk_encryption   (CabinetCheckEnv *env, GCancellable *cancellable);
CabinetCheckResult *cabinet_check_screen_lock       (CabinetCheckEnv *env, GCancellable *cancellable);
CabinetCheckResult *cabinet_check_os_updates        (CabinetCheckEnv *env, GCancellable *cancellable);
CabinetCheckResult *cabinet_check_hardware_age      (CabinetCheckEnv *env, GCancellable *cancellable);
CabinetCheckResult *cabinet_check_auto_login        (CabinetCheckEnv *env, GCancellable *cancellable);
CabinetCheckResult *cabinet_check_firewall          (CabinetCheckEnv *env, GCancellable *cancellable);
CabinetCheckResult *cabinet_check_automatic_updates (CabinetCheckEnv *env, GCancellable *cancellable);
CabinetCheckResult *cabinet_check_secure_boot       (CabinetCheckEnv *env, GCancellable *cancellable);
CabinetCheckResult *cabinet_check_remote_access     (CabinetCheckEnv *env, GCancellable *cancellable);
CabinetCheckResult *cabinet_check_cabinet_database  (CabinetCheckEnv *env, GCancellable *cancellable);

G_END_DECLS
