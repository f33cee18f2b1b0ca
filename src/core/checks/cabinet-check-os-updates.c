/* cabinet-check-os-updates.c — are updates, security updates above all, waiting to
 * be installed (seed principle 03)?
 *
 * PackageKit is asked first, from its cache only: the check must not start a
 * download behind the therapist's back. Without PackageKit, Debian and Ubuntu are
 * asked through a simulated `apt-get upgrade`.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cabinet-check.h"
#include "cabinet-check-updates.h"

#define PK_NAME              "org.freedesktop.PackageKit"
#define PK_PATH              "/org/freedesktop/PackageKit"
#define PK_INTERFACE         "org.freedesktop.PackageKit"
#define PK_TRANSACTION       "org.freedesktop.PackageKit.Transaction"

/* Names shown as evidence; the counts say how many there are in all. */
#define MAX_NAMES_SHOWN 10

/* What updates were found. */

CabinetUpdates *
cabinet_updates_new (const char *source)
{
  CabinetUpdates *updates = g_new0 (CabinetUpdates, 1);

  updates->source = g_strdup (source);
  updates->names = g_ptr_array_new_with_free_func (g_free);
  updates->cache_age = CABINET_UPDATES_AGE_UNKNOWN;
  return updates;
}

void
cabinet_updates_free (CabinetUpdates *updates)
{
  if (updates == NULL)
    return;
  g_free (updates->source);
  g_ptr_array_unref (updates->names);
  g_free (updates->cache_note);
  g_free (updates);
}

void
cabinet_updates_add (CabinetUpdates *updates,
                     const char     *name,
                     gboolean        security)
{
  g_return_if_fail (updates != NULL);

  if (name == NULL || *name == '\0')
    name = "?";
  updates->n_updates++;
  /* Security updates are listed first: they are the ones that matter. */
  if (security)
    g_ptr_array_insert (updates->names, (gint) updates->n_security++, g_strdup (name));
  else
    g_ptr_array_add (updates->names, g_strdup (name));
}

void
cabinet_updates_add_packagekit (CabinetUpdates *updates,
                                guint32         info,
                                const char     *package_id)
{
  g_autofree char *name = NULL;
  const char *semicolon;

  g_return_if_fail (updates != NULL);

  /* A package ID is "name;version;arch;data". */
  if (package_id == NULL)
    package_id = "";
  semicolon = strchr (package_id, ';');
  name = semicolon ? g_strndup (package_id, (gsize) (semicolon - package_id)) : g_strdup (package_id);
  /* PackageKit 1.2.4 and later carry the update's severity in the upper 16 bits
   * of the info; the kind of update is in the lower ones. */
  cabinet_updates_add (updates, name, (info & 0xffff) == CABINET_PK_INFO_SECURITY);
}

/* "3 hours", "less than an hour", "12 days". */
static char *
age_text (gint64 seconds)
{
  if (seconds < 3600)
    return g_strdup (_("less than an hour"));
  if (seconds < 48 * 3600)
    {
      guint hours = (guint) (seconds / 3600);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", hours), hours);
    }
  else
    {
      guint days = (guint) MIN (seconds / 86400, (gint64) G_MAXUINT);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", days), days);
    }
}

char *
cabinet_updates_remedy (CabinetDesktop desktop,
                        CabinetDistro  distro)
{
  GString *remedy = g_string_new (NULL);

  switch (desktop)
    {
    case CABINET_DESKTOP_GNOME:
      g_string_append (remedy, _("Open the Software application, go to Updates, and install everything it lists; restart the computer if it asks you to."));
      break;
    case CABINET_DESKTOP_KDE:
      g_string_append (remedy, _("Open Discover, go to Updates, and install everything it lists; restart the computer if it asks you to."));
      break;
    case CABINET_DESKTOP_OTHER:
    default:
      g_string_append (remedy, _("Open your system’s software updater and install every update it offers; restart the computer if it asks you to."));
      break;
    }

  switch (distro)
    {
    case CABINET_DISTRO_DEBIAN:
    case CABINET_DISTRO_UBUNTU:
      g_string_append_c (remedy, ' ');
      g_string_append (remedy, _("Or, in a terminal, type: sudo apt update && sudo apt upgrade"));
      break;
    case CABINET_DISTRO_FEDORA:
      g_string_append_c (remedy, ' ');
      g_string_append (remedy, _("Or, in a terminal, type: sudo dnf upgrade --refresh"));
      break;
    case CABINET_DISTRO_OTHER:
    default:
      break;
    }
  return g_string_free (remedy, FALSE);
}

static void
append_names (GString              *evidence,
              const CabinetUpdates *updates)
{
  g_autoptr(GString) shown = g_string_new (NULL);
  guint n_shown = MIN (updates->names->len, MAX_NAMES_SHOWN);

  if (n_shown == 0)
    return;
  for (guint i = 0; i < n_shown; i++)
    {
      g_autofree char *name = g_utf8_make_valid (g_ptr_array_index (updates->names, i), -1);

      if (i > 0)
        g_string_append (shown, ", ");
      g_string_append (shown, name);
    }
  if (updates->n_updates > n_shown)
    {
      guint more = updates->n_updates - n_shown;
      /* Translators: %s is a list of package names. */
      g_string_append_printf (evidence, g_dngettext (GETTEXT_PACKAGE, "Packages: %s, and %u more", "Packages: %s, and %u more", more),
                              shown->str, more);
    }
  else
    g_string_append_printf (evidence, _("Packages: %s"), shown->str);
  g_string_append_c (evidence, '\n');
}

CabinetCheckResult *
cabinet_updates_to_result (const CabinetUpdates *updates,
                           CabinetDesktop        desktop,
                           CabinetDistro         distro)
{
  g_autoptr(GString) evidence = g_string_new (NULL);
  g_autofree char *summary = NULL;
  g_autofree char *remedy = NULL;
  g_autofree char *age = NULL;
  CabinetCheckStatus status;
  gboolean known_age = updates->cache_age >= 0 && updates->cache_age != CABINET_UPDATES_AGE_NEVER;
  gboolean stale = updates->cache_age == CABINET_UPDATES_AGE_NEVER
                   || (known_age && updates->cache_age > CABINET_UPDATES_MAX_CACHE_AGE);

  g_string_append_printf (evidence, _("Source: %s"), updates->source);
  g_string_append_c (evidence, '\n');
  g_string_append_printf (evidence, _("Pending updates: %u, including %u security updates"),
                          updates->n_updates, updates->n_security);
  g_string_append_c (evidence, '\n');
  if (known_age)
    {
      age = age_text (updates->cache_age);
      g_string_append_printf (evidence, _("List of updates last downloaded: %s ago"), age);
    }
  else if (updates->cache_age == CABINET_UPDATES_AGE_NEVER)
    g_string_append (evidence, _("List of updates last downloaded: never"));
  else
    g_string_append (evidence, _("List of updates last downloaded: unknown"));
  if (updates->cache_note)
    g_string_append_printf (evidence, " (%s)", updates->cache_note);
  g_string_append_c (evidence, '\n');
  append_names (evidence, updates);
  g_strchomp (evidence->str);

  if (updates->n_security > 0)
    {
      status = CABINET_CHECK_FAIL;
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u security update is waiting to be installed",
                                              "%u security updates are waiting to be installed",
                                              updates->n_security),
                                 updates->n_security);
    }
  else if (updates->n_updates > 0)
    {
      status = CABINET_CHECK_WARN;
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u update is waiting to be installed",
                                              "%u updates are waiting to be installed",
                                              updates->n_updates),
                                 updates->n_updates);
    }
  else if (updates->cache_age == CABINET_UPDATES_AGE_NEVER)
    {
      status = CABINET_CHECK_WARN;
      summary = g_strdup (_("The list of updates has never been downloaded, so new updates cannot be seen"));
    }
  else if (stale)
    {
      guint days = (guint) MIN (updates->cache_age / 86400, (gint64) G_MAXUINT);

      status = CABINET_CHECK_WARN;
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The list of updates was last downloaded %u day ago; newer updates may be waiting",
                                              "The list of updates was last downloaded %u days ago; newer updates may be waiting",
                                              days),
                                 days);
    }
  else
    {
      status = CABINET_CHECK_PASS;
      /* Translators: %s is a duration, such as "3 hours". */
      summary = age ? g_strdup_printf (_("Your system is up to date (checked %s ago)"), age)
                    : g_strdup (_("Your system is up to date"));
    }

  if (status != CABINET_CHECK_PASS)
    remedy = cabinet_updates_remedy (desktop, distro);
  return cabinet_check_result_new (status, summary, evidence->str, remedy);
}

/* apt-get's simulation. */

/* "(NEW ORIGIN, ORIGIN [ARCH])": the suites a version comes from. */
static gboolean
origins_are_security (const char *line)
{
  const char *open = strchr (line, '(');
  const char *close;
  g_autofree char *origins = NULL;

  if (open == NULL)
    return FALSE;
  close = strchr (open, ')');
  origins = close ? g_strndup (open, (gsize) (close - open)) : g_strdup (open);
  return strstr (origins, "-security") != NULL || strstr (origins, "Debian-Security") != NULL;
}

/* "12 upgraded, 0 newly installed, 0 to remove and 0 not upgraded." */
static gboolean
is_summary_line (const char *line)
{
  const char *p = line;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  return g_str_has_prefix (p, " upgraded, ") && strstr (p, " newly installed") != NULL;
}

gboolean
cabinet_apt_parse_simulation_names (const char *text,
                                    guint      *n_updates,
                                    guint      *n_security,
                                    GPtrArray  *names)
{
  g_autoptr(CabinetUpdates) updates = cabinet_updates_new ("apt-get");
  g_auto(GStrv) lines = NULL;
  gboolean recognised = FALSE;

  if (n_updates)
    *n_updates = 0;
  if (n_security)
    *n_security = 0;
  if (text == NULL)
    return FALSE;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *line = g_strchomp (lines[i]);
      g_auto(GStrv) words = NULL;

      if (is_summary_line (line))
        {
          recognised = TRUE;
          continue;
        }
      if (!g_str_has_prefix (line, "Inst "))
        continue;

      /* "Inst NAME [OLD] (NEW ORIGIN [ARCH])"; a package that is only being
       * installed, pulled in by an upgrade, has no "[OLD]". */
      words = g_strsplit_set (line + 5, " ", 3);
      /* Debian package names start with a letter or a digit. */
      if (words[0] == NULL || !g_ascii_isalnum (words[0][0]))
        continue;
      recognised = TRUE;
      if (words[1] == NULL || words[1][0] != '[')
        continue;
      cabinet_updates_add (updates, words[0], origins_are_security (line));
    }

  if (!recognised)
    return FALSE;
  if (n_updates)
    *n_updates = updates->n_updates;
  if (n_security)
    *n_security = updates->n_security;
  if (names)
    for (guint i = 0; i < updates->names->len; i++)
      g_ptr_array_add (names, g_strdup (g_ptr_array_index (updates->names, i)));
  return TRUE;
}

gboolean
cabinet_apt_parse_simulation (const char *text,
                              guint      *n_updates,
                              guint      *n_security)
{
  return cabinet_apt_parse_simulation_names (text, n_updates, n_security, NULL);
}

/* The time the check may take, and the main context it waits in. */

typedef struct
{
  GMainContext *context;
  GCancellable *cancellable;  /* cancelled when time is up or the caller cancels */
  GCancellable *caller;
  gulong        caller_handler;
  GSource      *timer;
  GSource      *wakeup;
  gint64        end;          /* monotonic time, µs */
  guint         timeout_ms;
  gboolean      expired;
} Deadline;

static gboolean
deadline_expired_cb (gpointer data)
{
  Deadline *deadline = data;

  deadline->expired = TRUE;
  g_cancellable_cancel (deadline->cancellable);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *caller,
                     gpointer      data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

/* Only there to wake the main context up when the caller cancels from another
 * thread while nothing else is pending. */
static gboolean
wakeup_cb (GCancellable *cancellable,
           gpointer      data)
{
  return G_SOURCE_REMOVE;
}

static void
deadline_init (Deadline     *deadline,
               GMainContext *context,
               guint         timeout_ms,
               GCancellable *caller)
{
  memset (deadline, 0, sizeof *deadline);
  deadline->context = context;
  deadline->cancellable = g_cancellable_new ();
  deadline->timeout_ms = timeout_ms;
  deadline->end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  deadline->timer = g_timeout_source_new (timeout_ms);
  g_source_set_callback (deadline->timer, deadline_expired_cb, deadline, NULL);
  g_source_attach (deadline->timer, context);

  deadline->wakeup = g_cancellable_source_new (deadline->cancellable);
  g_source_set_callback (deadline->wakeup, G_SOURCE_FUNC (wakeup_cb), NULL, NULL);
  g_source_attach (deadline->wakeup, context);

  if (caller)
    {
      deadline->caller = g_object_ref (caller);
      deadline->caller_handler = g_cancellable_connect (caller, G_CALLBACK (caller_cancelled_cb),
                                                        g_object_ref (deadline->cancellable),
                                                        g_object_unref);
    }
}

static void
deadline_clear (Deadline *deadline)
{
  if (deadline->caller)
    {
      g_cancellable_disconnect (deadline->caller, deadline->caller_handler);
      g_clear_object (&deadline->caller);
    }
  g_source_destroy (deadline->timer);
  g_clear_pointer (&deadline->timer, g_source_unref);
  g_source_destroy (deadline->wakeup);
  g_clear_pointer (&deadline->wakeup, g_source_unref);
  g_clear_object (&deadline->cancellable);
}

static gint
deadline_remaining_ms (Deadline *deadline)
{
  gint64 left = (deadline->end - g_get_monotonic_time ()) / 1000;

  return (gint) CLAMP (left, 1, G_MAXINT);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* Every operation is given the deadline's cancellable, so it completes, one way
 * or the other, once time is up. */
static void
deadline_wait (Deadline      *deadline,
               GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (deadline->context, TRUE);
}

/* PackageKit. */

typedef enum {
  PK_OUTCOME_OK,
  PK_OUTCOME_ABSENT,     /* no system bus, or no PackageKit on it */
  PK_OUTCOME_FAILED,     /* PackageKit answered with an error */
  PK_OUTCOME_TIMED_OUT,
  PK_OUTCOME_CANCELLED,
} PkOutcome;

typedef struct
{
  Deadline        *deadline;
  GDBusConnection *connection;
  CabinetUpdates  *updates;
  char            *message;      /* why PackageKit could not be used */
  /* The GetUpdates transaction. */
  gboolean         finished;
  guint32          exit_code;
  char            *error_details;
  gboolean         released;     /* the signal subscription let go of us */
} PkSession;

static PkOutcome
classify_error (PkSession    *session,
                const GError *error)
{
  if (session->deadline->expired
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMEOUT)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMED_OUT)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY))
    return PK_OUTCOME_TIMED_OUT;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return PK_OUTCOME_CANCELLED;
  /* Nothing owns the name and nothing can start it: PackageKit is not installed
   * (or a broken installation, which is the same to us). */
  if (error->domain == G_DBUS_ERROR
      && (error->code == G_DBUS_ERROR_SERVICE_UNKNOWN
          || error->code == G_DBUS_ERROR_NAME_HAS_NO_OWNER
          || error->code == G_DBUS_ERROR_UNKNOWN_METHOD
          || error->code == G_DBUS_ERROR_UNKNOWN_OBJECT
          || error->code == G_DBUS_ERROR_UNKNOWN_INTERFACE
          || error->code == G_DBUS_ERROR_SPAWN_EXEC_FAILED
          || error->code == G_DBUS_ERROR_SPAWN_FORK_FAILED
          || error->code == G_DBUS_ERROR_SPAWN_CHILD_EXITED
          || error->code == G_DBUS_ERROR_SPAWN_CHILD_SIGNALED
          || error->code == G_DBUS_ERROR_SPAWN_FAILED
          || error->code == G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND
          || error->code == G_DBUS_ERROR_SPAWN_SERVICE_INVALID
          || error->code == G_DBUS_ERROR_SPAWN_FILE_INVALID))
    return PK_OUTCOME_ABSENT;
  return PK_OUTCOME_FAILED;
}

static PkOutcome
session_fail (PkSession    *session,
              const GError *error)
{
  g_autoptr(GError) copy = g_error_copy (error);
  PkOutcome outcome = classify_error (session, error);

  g_dbus_error_strip_remote_error (copy);
  g_free (session->message);
  session->message = g_strdup (copy->message);
  return outcome;
}

static GVariant *
session_call (PkSession          *session,
              const char         *path,
              const char         *interface,
              const char         *method,
              GVariant           *parameters,
              const GVariantType *reply_type,
              GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_dbus_connection_call (session->connection, PK_NAME, path, interface, method,
                          parameters, reply_type, G_DBUS_CALL_FLAGS_NONE,
                          deadline_remaining_ms (session->deadline),
                          session->deadline->cancellable, store_result_cb, &result);
  deadline_wait (session->deadline, &result);
  return g_dbus_connection_call_finish (session->connection, result, error);
}

static void
transaction_signal_cb (GDBusConnection *connection,
                       const char      *sender_name,
                       const char      *object_path,
                       const char      *interface_name,
                       const char      *signal_name,
                       GVariant        *parameters,
                       gpointer         user_data)
{
  PkSession *session = user_data;

  if (session->finished)
    return;
  if (g_str_equal (signal_name, "Package")
      && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(uss)")))
    {
      guint32 info;
      const char *package_id;

      g_variant_get (parameters, "(u&s&s)", &info, &package_id, NULL);
      cabinet_updates_add_packagekit (session->updates, info, package_id);
    }
  else if (g_str_equal (signal_name, "ErrorCode")
           && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(us)")))
    {
      g_free (session->error_details);
      g_variant_get (parameters, "(us)", NULL, &session->error_details);
    }
  else if (g_str_equal (signal_name, "Finished")
           && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(uu)")))
    {
      g_variant_get (parameters, "(uu)", &session->exit_code, NULL);
      session->finished = TRUE;
    }
  else if (g_str_equal (signal_name, "Destroy"))
    {
      /* Gone without a Finished: as good as a failure. */
      session->exit_code = 0;
      session->finished = TRUE;
    }
}

static void
transaction_released_cb (gpointer user_data)
{
  PkSession *session = user_data;

  session->released = TRUE;
}

/* GetUpdates on a new transaction, and the Package signals until Finished. */
static PkOutcome
session_get_updates (PkSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *transaction = NULL;
  const char *hints[] = {
    "interactive=false",
    /* Never download metadata, whatever its age: the check reads the cache. */
    "cache-age=4294967295",
    NULL,
  };
  guint subscription;
  PkOutcome outcome = PK_OUTCOME_OK;

  reply = session_call (session, PK_PATH, PK_INTERFACE, "CreateTransaction", NULL,
                        G_VARIANT_TYPE ("(o)"), &error);
  if (reply == NULL)
    return session_fail (session, error);
  g_variant_get (reply, "(o)", &transaction);
  g_clear_pointer (&reply, g_variant_unref);

  /* Old daemons may refuse a hint; the defaults still do not download. */
  reply = session_call (session, transaction, PK_TRANSACTION, "SetHints",
                        g_variant_new ("(^as)", hints), NULL, &error);
  if (reply == NULL)
    {
      PkOutcome hint_outcome = classify_error (session, error);

      if (hint_outcome == PK_OUTCOME_TIMED_OUT || hint_outcome == PK_OUTCOME_CANCELLED)
        return session_fail (session, error);
      g_clear_error (&error);
    }
  g_clear_pointer (&reply, g_variant_unref);

  /* Subscribed before the call, so that no signal is missed. */
  subscription = g_dbus_connection_signal_subscribe (session->connection, PK_NAME, PK_TRANSACTION,
                                                     NULL, transaction, NULL,
                                                     G_DBUS_SIGNAL_FLAGS_NONE,
                                                     transaction_signal_cb, session,
                                                     transaction_released_cb);
  reply = session_call (session, transaction, PK_TRANSACTION, "GetUpdates",
                        g_variant_new ("(t)", CABINET_PK_FILTER_NONE), NULL, &error);
  if (reply == NULL)
    outcome = session_fail (session, error);
  else
    {
      while (!session->finished && !g_cancellable_is_cancelled (session->deadline->cancellable))
        g_main_context_iteration (session->deadline->context, TRUE);

      if (!session->finished)
        {
          outcome = session->deadline->expired ? PK_OUTCOME_TIMED_OUT : PK_OUTCOME_CANCELLED;
          session->message = g_strdup (_("the list of updates did not arrive in time"));
        }
      else if (session->exit_code != CABINET_PK_EXIT_SUCCESS)
        {
          outcome = PK_OUTCOME_FAILED;
          session->message = g_strdup (session->error_details ? session->error_details
                                                              : _("the transaction failed"));
        }
    }

  /* Signals already queued for us are dropped once the subscription lets go. */
  g_dbus_connection_signal_unsubscribe (session->connection, subscription);
  while (!session->released)
    g_main_context_iteration (session->deadline->context, TRUE);
  return outcome;
}

static PkOutcome
ask_packagekit (Deadline       *deadline,
                CabinetUpdates *updates,
                char          **message)
{
  PkSession session = { deadline, NULL, updates, NULL, FALSE, 0, NULL, FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *address = NULL;
  PkOutcome outcome;

  /* A private connection: the address is read from DBUS_SYSTEM_BUS_ADDRESS each
   * time, so that tests can point it at a bus of their own. */
  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SYSTEM, deadline->cancellable, &error);
  if (address == NULL)
    {
      outcome = session_fail (&session, error);
      goto out;
    }
  g_dbus_connection_new_for_address (address,
                                     G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                     | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                     NULL, deadline->cancellable, store_result_cb, &result);
  deadline_wait (deadline, &result);
  session.connection = g_dbus_connection_new_for_address_finish (result, &error);
  if (session.connection == NULL)
    {
      outcome = session_fail (&session, error);
      /* No system bus at all means no PackageKit. */
      if (outcome == PK_OUTCOME_FAILED)
        outcome = PK_OUTCOME_ABSENT;
      goto out;
    }

  outcome = session_get_updates (&session);
  if (outcome != PK_OUTCOME_OK)
    goto out;

  reply = session_call (&session, PK_PATH, PK_INTERFACE, "GetTimeSinceAction",
                        g_variant_new ("(u)", (guint32) CABINET_PK_ROLE_REFRESH_CACHE),
                        G_VARIANT_TYPE ("(u)"), &error);
  if (reply)
    {
      guint32 seconds;

      g_variant_get (reply, "(u)", &seconds);
      updates->cache_age = seconds == G_MAXUINT32 ? CABINET_UPDATES_AGE_NEVER : (gint64) seconds;
      updates->cache_note = g_strdup (_("as PackageKit last refreshed it"));
    }
  else
    {
      /* The updates are known; only their freshness is not, unless time is up. */
      PkOutcome age_outcome = classify_error (&session, error);

      if (age_outcome == PK_OUTCOME_TIMED_OUT || age_outcome == PK_OUTCOME_CANCELLED)
        outcome = session_fail (&session, error);
    }

out:
  g_clear_object (&session.connection);
  g_free (session.error_details);
  *message = g_steal_pointer (&session.message);
  return outcome;
}

/* apt-get on its own. */

static void
consider_mtime (const char *path,
                gint64     *newest)
{
  GStatBuf st;

  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode))
    *newest = MAX (*newest, (gint64) st.st_mtime);
}

/* apt does not record when it last downloaded its lists; the newest of them, and
 * the stamp that the daily apt job leaves on success, tell. */
static gint64
apt_lists_newest (CabinetCheckEnv *env)
{
  g_autofree char *lists = cabinet_check_env_path (env, "/var/lib/apt/lists");
  g_autofree char *stamp = cabinet_check_env_path (env, "/var/lib/apt/periodic/update-success-stamp");
  g_autoptr(GDir) dir = g_dir_open (lists, 0, NULL);
  const char *name;
  gint64 newest = 0;

  if (dir == NULL)
    return -1;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (g_str_equal (name, "lock"))
        continue;
      path = g_build_filename (lists, name, NULL);
      consider_mtime (path, &newest);
    }
  consider_mtime (stamp, &newest);
  return newest;
}

static gint64
apt_lists_age (CabinetCheckEnv *env)
{
  g_autoptr(GDateTime) now = cabinet_check_env_get_now (env);
  gint64 newest = apt_lists_newest (env);

  if (newest < 0)
    return CABINET_UPDATES_AGE_UNKNOWN;
  if (newest == 0)
    return CABINET_UPDATES_AGE_NEVER;
  return MAX (g_date_time_to_unix (now) - newest, 0);
}

/* apt-get needs seconds to simulate an upgrade, and its answer only changes when
 * the package lists or the installed packages do: the last answer is kept, with
 * what it was computed from, in the user's cache folder. It holds package names,
 * nothing of the practice. */
static char *
apt_state_key (CabinetCheckEnv *env,
               const char      *status_path)
{
  GStatBuf st;

  if (g_stat (status_path, &st) != 0)
    return NULL;
  return g_strdup_printf ("cabinet-apt-1 %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                          cabinet_check_env_get_sysroot (env), (gint64) st.st_mtime,
                          (gint64) st.st_size, apt_lists_newest (env));
}

static char *
apt_cache_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "cabinet", "apt-simulation.txt", NULL);
}

static char *
read_cached_simulation (const char *key)
{
  g_autofree char *path = apt_cache_path ();
  g_autofree char *contents = NULL;
  char *newline;

  if (key == NULL || !g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  newline = strchr (contents, '\n');
  if (newline == NULL)
    return NULL;
  *newline = '\0';
  if (!g_str_equal (contents, key))
    return NULL;
  return g_strdup (newline + 1);
}

static void
write_cached_simulation (const char *key,
                         const char *text)
{
  g_autofree char *path = apt_cache_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *contents = NULL;

  if (key == NULL || g_mkdir_with_parents (dir, 0700) != 0)
    return;
  contents = g_strconcat (key, "\n", text, NULL);
  /* A cache: failing to write it only makes the next check slower. */
  g_file_set_contents (path, contents, -1, NULL);
}

static CabinetCheckResult *
unknown_result (const char     *summary,
                const char     *evidence,
                CabinetDesktop  desktop,
                CabinetDistro   distro)
{
  g_autofree char *remedy = cabinet_updates_remedy (desktop, distro);

  return cabinet_check_result_new (CABINET_CHECK_UNKNOWN, summary, evidence, remedy);
}

static CabinetCheckResult *
ask_apt (CabinetCheckEnv *env,
         Deadline        *deadline,
         const char      *packagekit_note,
         CabinetDesktop   desktop,
         CabinetDistro    distro)
{
  g_autoptr(GString) evidence = g_string_new (packagekit_note);
  g_autoptr(CabinetUpdates) updates = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *apt_get = g_find_program_in_path ("apt-get");
  g_autofree char *root = cabinet_check_env_path (env, "/");
  g_autofree char *status = cabinet_check_env_path (env, "/var/lib/dpkg/status");
  g_autofree char *dir_option = g_strdup_printf ("Dir=%s", root);
  g_autofree char *status_option = g_strdup_printf ("Dir::State::status=%s", status);
  g_autofree char *text = NULL;
  g_autofree char *key = NULL;
  g_autofree char *cache_note = NULL;
  CabinetCheckResult *check_result;
  CabinetCheckResult *with_note;
  gsize length = 0;
  const char *data;
  guint n_updates = 0;
  guint n_security = 0;

  g_string_append_c (evidence, '\n');
  if (!cabinet_check_env_exists (env, "/var/lib/dpkg/status"))
    {
      g_string_append_printf (evidence, _("%s: not found"), "/var/lib/dpkg/status");
      return unknown_result (_("The package database could not be read, so pending updates are unknown"),
                             evidence->str, desktop, distro);
    }
  if (apt_get == NULL)
    {
      g_string_append (evidence, _("apt-get: not found"));
      return unknown_result (_("Neither PackageKit nor apt-get is available to list pending updates"),
                             evidence->str, desktop, distro);
    }

  key = apt_state_key (env, status);
  text = read_cached_simulation (key);
  if (text)
    {
      g_string_append (evidence, _("apt-get’s previous answer is still valid: the package lists have not changed since then."));
      g_string_append_c (evidence, '\n');
    }
  else
  {
    const char *argv[] = {
      apt_get, "-s", "-o", dir_option, "-o", "Debug::NoLocking=1", "-o", status_option,
      /* What `apt upgrade`, the remedy, would do: a kernel update that needs a
       * new package is not held back. */
      "-o", "APT::Get::Upgrade-Allow-New=true",
      "upgrade", NULL,
    };

    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
    /* The parser reads apt-get's English output. */
    g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
    g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
    process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  }
  if (text == NULL && process == NULL)
    {
      g_string_append_printf (evidence, "apt-get: %s", error->message);
      return unknown_result (_("apt-get could not be run to list pending updates"),
                             evidence->str, desktop, distro);
    }

  if (text == NULL)
  {
  g_subprocess_communicate_async (process, NULL, deadline->cancellable, store_result_cb, &result);
  deadline_wait (deadline, &result);
  if (!g_subprocess_communicate_finish (process, result, &out, &err, &error))
    {
      g_subprocess_force_exit (process);
      if (deadline->expired)
        {
          g_string_append_printf (evidence, _("Waited %u ms"), deadline->timeout_ms);
          return unknown_result (_("apt-get did not answer in time"), evidence->str, desktop, distro);
        }
      g_string_append_printf (evidence, "apt-get: %s", error->message);
      return unknown_result (_("The check was interrupted"), evidence->str, desktop, distro);
    }

  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_autofree char *message = NULL;

      data = err ? g_bytes_get_data (err, &length) : NULL;
      message = g_utf8_make_valid (data ? data : "", (gssize) length);
      g_strstrip (message);
      g_string_append_printf (evidence, "apt-get: %s", *message ? message : _("failed"));
      return unknown_result (_("apt-get could not list pending updates"), evidence->str, desktop, distro);
    }

  data = g_bytes_get_data (out, &length);
  text = g_strndup (data ? data : "", length);
  write_cached_simulation (key, text);
  }

  updates = cabinet_updates_new (_("a simulated “apt-get upgrade”"));
  if (!cabinet_apt_parse_simulation_names (text, &n_updates, &n_security, updates->names))
    {
      g_string_append (evidence, _("apt-get’s answer was not understood"));
      return unknown_result (_("apt-get’s list of pending updates could not be read"),
                             evidence->str, desktop, distro);
    }
  updates->n_updates = n_updates;
  updates->n_security = n_security;
  updates->cache_age = apt_lists_age (env);
  cache_note = g_strdup_printf (_("estimated from the files in %s"), "/var/lib/apt/lists");
  updates->cache_note = g_steal_pointer (&cache_note);

  check_result = cabinet_updates_to_result (updates, desktop, distro);
  /* PackageKit's absence is evidence too. */
  g_string_append (evidence, check_result->evidence);
  with_note = cabinet_check_result_new (check_result->status, check_result->summary,
                                        evidence->str, check_result->remedy);
  cabinet_check_result_free (check_result);
  return with_note;
}

/* The check. */

static CabinetCheckResult *
run_check (CabinetCheckEnv *env,
           Deadline        *deadline)
{
  CabinetDesktop desktop = cabinet_check_env_get_desktop (env);
  CabinetDistro distro = cabinet_check_env_get_distro (env);
  gboolean apt_based = distro == CABINET_DISTRO_DEBIAN || distro == CABINET_DISTRO_UBUNTU;
  g_autoptr(CabinetUpdates) updates = cabinet_updates_new (_("PackageKit, from its cached list of updates"));
  g_autoptr(GString) evidence = g_string_new (NULL);
  g_autofree char *message = NULL;
  PkOutcome outcome;

  outcome = ask_packagekit (deadline, updates, &message);
  switch (outcome)
    {
    case PK_OUTCOME_OK:
      /* Someone who runs `apt update` in a terminal refreshes the cache that
       * PackageKit reads without PackageKit knowing. */
      if (apt_based)
        {
          gint64 apt_age = apt_lists_age (env);

          if (apt_age >= 0 && apt_age != CABINET_UPDATES_AGE_NEVER
              && (updates->cache_age < 0 || apt_age < updates->cache_age))
            {
              updates->cache_age = apt_age;
              g_free (updates->cache_note);
              updates->cache_note = g_strdup_printf (_("estimated from the files in %s"), "/var/lib/apt/lists");
            }
        }
      return cabinet_updates_to_result (updates, desktop, distro);

    case PK_OUTCOME_TIMED_OUT:
      g_string_append_printf (evidence, _("PackageKit: %s"), message ? message : "");
      g_string_append_c (evidence, '\n');
      g_string_append_printf (evidence, _("Waited %u ms"), deadline->timeout_ms);
      return unknown_result (_("PackageKit did not answer in time"), evidence->str, desktop, distro);

    case PK_OUTCOME_CANCELLED:
      return cabinet_check_result_new (CABINET_CHECK_UNKNOWN, _("The check was interrupted"), NULL, NULL);

    case PK_OUTCOME_ABSENT:
    case PK_OUTCOME_FAILED:
    default:
      if (outcome == PK_OUTCOME_ABSENT)
        g_string_append_printf (evidence, _("PackageKit: not available (%s)"), message ? message : "");
      else
        g_string_append_printf (evidence, _("PackageKit: could not list updates (%s)"), message ? message : "");
      if (apt_based)
        return ask_apt (env, deadline, evidence->str, desktop, distro);
      return unknown_result (outcome == PK_OUTCOME_ABSENT
                             ? _("PackageKit is not available, so pending updates cannot be listed")
                             : _("PackageKit could not list pending updates"),
                             evidence->str, desktop, distro);
    }
}

CabinetCheckResult *
cabinet_check_os_updates (CabinetCheckEnv *env,
                          GCancellable    *cancellable)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  CabinetCheckResult *result;
  Deadline deadline;

  /* D-Bus replies, signals and the subprocess are dispatched here, in this
   * worker thread, and nowhere else. */
  g_main_context_push_thread_default (context);
  deadline_init (&deadline, context,
                 cabinet_check_env_get_timeout (env) * CABINET_CHECK_OS_UPDATES_TIMEOUT_FACTOR,
                 cancellable);
  result = run_check (env, &deadline);
  deadline_clear (&deadline);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  return result;
}
