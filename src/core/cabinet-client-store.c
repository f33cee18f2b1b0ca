/* cabinet-client-store.c — the clients, as a GListModel over the database:
 * searched, sorted and filtered in memory, written in transactions
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cabinet-audit.h"
#include "cabinet-client-store.h"
#include "cabinet-retention.h"
#include "cabinet-consent-store.h"

/* What the store knows of a client, as last saved: the keys it is sorted and
 * filtered by are computed once per save, not per comparison or keystroke. */
typedef struct {
  gint64               id;           /* the key of by_id */
  CabinetClient       *client;
  char                *sort_key;     /* collation key of the folded "last first" */
  char                *name_key;     /* folded "first last", for namesakes */
  gint64               activity_us;  /* last activity, microseconds since the epoch */
  CabinetClientFilter  status;       /* the filter that shows it */
} Entry;

struct _CabinetClientStore
{
  GObject              parent_instance;
  CabinetDatabase     *database;

  GPtrArray           *all;       /* of Entry, owned, in the current order */
  GHashTable          *by_id;     /* id → Entry in all */
  gboolean             loaded;    /* until then, all holds only the clients looked up */
  gboolean             shown_empty; /* a read failed, and the list said it was empty */
  GPtrArray           *visible;   /* of Entry, borrowed from all, same order */

  char               **words;     /* the folded search, split */
  CabinetClientSort    sort;
  CabinetClientFilter  filter;
};

static void cabinet_client_store_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CabinetClientStore, cabinet_client_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      cabinet_client_store_list_model_init))
G_DEFINE_QUARK (cabinet-client-store-error-quark, cabinet_client_store_error)

enum {
  PROP_0,
  PROP_N_ALL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
entry_free (Entry *entry)
{
  g_object_unref (entry->client);
  g_free (entry->sort_key);
  g_free (entry->name_key);
  g_free (entry);
}

static gint64
to_unix_usec (GDateTime *dt)
{
  if (dt == NULL)
    return 0;
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

static CabinetClientFilter
status_of (CabinetClient *client)
{
  const char *status = cabinet_client_get_text (client, CABINET_CLIENT_STATUS);

  if (strcmp (status, "paused") == 0)
    return CABINET_CLIENT_FILTER_PAUSED;
  if (strcmp (status, "closed") == 0)
    return CABINET_CLIENT_FILTER_CLOSED;
  return CABINET_CLIENT_FILTER_ACTIVE;
}

/* Folded "first last": what makes two clients namesakes. */
static char *
dup_name_key (CabinetClient *client)
{
  g_autofree char *name = g_strjoin (" ",
                                     cabinet_client_get_text (client, CABINET_CLIENT_FIRST_NAME),
                                     cabinet_client_get_text (client, CABINET_CLIENT_LAST_NAME),
                                     NULL);
  return cabinet_client_fold (name);
}

/* (Re)computes what the order and the filter depend on, from the saved client. */
static void
entry_index (Entry *entry)
{
  CabinetClient *client = entry->client;
  const char *last = cabinet_client_get_text (client, CABINET_CLIENT_LAST_NAME);
  g_autofree char *sort_name = NULL;
  g_autofree char *folded = NULL;

  /* A client known only by a pseudonym is filed under it. */
  if (*last == '\0')
    last = cabinet_client_get_text (client, CABINET_CLIENT_PSEUDONYM);
  sort_name = g_strjoin (" ", last, cabinet_client_get_text (client, CABINET_CLIENT_FIRST_NAME), NULL);
  folded = cabinet_client_fold (sort_name);

  g_free (entry->sort_key);
  entry->sort_key = g_utf8_collate_key (folded, -1);
  g_free (entry->name_key);
  entry->name_key = dup_name_key (client);
  entry->activity_us = to_unix_usec (cabinet_client_get_last_activity (client));
  entry->status = status_of (client);
  /* Computed now, at save or load, so that the first keystroke does not pay. */
  cabinet_client_get_search_key (client);
}

static Entry *
entry_new (CabinetClient *client)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->id = cabinet_client_get_id (client);
  entry->client = g_object_ref (client);
  entry_index (entry);
  return entry;
}

/* A total order, so that a client's place is the same however it got there. */
static int
compare_entries (const Entry       *a,
                 const Entry       *b,
                 CabinetClientSort  sort)
{
  int cmp;

  if (sort == CABINET_CLIENT_SORT_LAST_ACTIVITY && a->activity_us != b->activity_us)
    return a->activity_us > b->activity_us ? -1 : 1;
  cmp = strcmp (a->sort_key, b->sort_key);
  if (cmp != 0)
    return cmp;
  return a->id < b->id ? -1 : a->id > b->id;
}

static int
compare_name_ptrs (gconstpointer a,
                   gconstpointer b)
{
  return compare_entries (*(Entry * const *) a, *(Entry * const *) b, CABINET_CLIENT_SORT_NAME);
}

static int
compare_entry_ptrs (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  CabinetClientStore *self = user_data;

  return compare_entries (*(Entry * const *) a, *(Entry * const *) b, self->sort);
}

/* Where @entry goes in @array, kept in order. */
static guint
find_position (CabinetClientStore *self,
               GPtrArray          *array,
               const Entry        *entry)
{
  guint lo = 0, hi = array->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare_entries (g_ptr_array_index (array, mid), entry, self->sort) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static gboolean
entry_matches (CabinetClientStore *self,
               const Entry        *entry)
{
  const char *key;

  if (self->filter != CABINET_CLIENT_FILTER_ALL && entry->status != self->filter)
    return FALSE;
  if (self->words == NULL)
    return TRUE;
  key = cabinet_client_get_search_key (entry->client);
  for (guint i = 0; self->words[i]; i++)
    if (strstr (key, self->words[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* Rebuilds the visible list; one items-changed for the lot, as a search does. */
static void
refilter (CabinetClientStore *self)
{
  guint removed = self->visible->len;

  /* Not read yet: the list is empty, whatever was looked up. */
  if (!self->loaded)
    return;

  g_ptr_array_set_size (self->visible, 0);
  for (guint i = 0; i < self->all->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->all, i);

      if (entry_matches (self, entry))
        g_ptr_array_add (self->visible, entry);
    }
  if (removed > 0 || self->visible->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->visible->len);
}

static void
notify_n_all (CabinetClientStore *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ALL]);
}


/* A new entry in its place, and in the view if it shows. */
/* For loading and importing many at once: the caller sorts once afterwards. */
static void
append_unsorted (CabinetClientStore *self,
                 CabinetClient      *client)
{
  Entry *entry = entry_new (client);

  g_ptr_array_add (self->all, entry);
  g_hash_table_insert (self->by_id, &entry->id, entry);
}

static void
add_entry (CabinetClientStore *self,
           Entry              *entry)
{
  g_ptr_array_insert (self->all, find_position (self, self->all, entry), entry);
  g_hash_table_insert (self->by_id, &entry->id, entry);

  if (entry_matches (self, entry))
    {
      guint position = find_position (self, self->visible, entry);

      g_ptr_array_insert (self->visible, position, entry);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
    }
  notify_n_all (self);
}

/* After @entry was indexed again: its place, and whether it shows, may change.
 * Each step is announced as it happens, so that a handler reading the model in
 * between sees what it was told. */
static void
move_entry (CabinetClientStore *self,
            Entry              *entry)
{
  guint old_position = 0, position;
  gboolean was_visible, is_visible;

  if (g_ptr_array_find (self->all, entry, &position))
    g_ptr_array_steal_index (self->all, position);
  g_ptr_array_insert (self->all, find_position (self, self->all, entry), entry);

  was_visible = g_ptr_array_find (self->visible, entry, &old_position);
  is_visible = entry_matches (self, entry);
  if (was_visible)
    g_ptr_array_remove_index (self->visible, old_position);
  position = is_visible ? find_position (self, self->visible, entry) : 0;

  if (was_visible && is_visible && position == old_position)
    {
      g_ptr_array_insert (self->visible, position, entry);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
      return;
    }
  if (was_visible)
    g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 0);
  if (is_visible)
    {
      g_ptr_array_insert (self->visible, position, entry);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
    }
}

static void
remove_entry (CabinetClientStore *self,
              Entry              *entry)
{
  guint position;

  if (g_ptr_array_find (self->visible, entry, &position))
    {
      g_ptr_array_remove_index (self->visible, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }
  g_hash_table_remove (self->by_id, &entry->id);
  if (g_ptr_array_find (self->all, entry, &position))
    g_ptr_array_remove_index (self->all, position);  /* frees the entry */
  notify_n_all (self);
}

/* GListModel */

static GType
cabinet_client_store_get_item_type (GListModel *model)
{
  return CABINET_TYPE_CLIENT;
}

static gboolean ensure_loaded (CabinetClientStore *self);

static guint
cabinet_client_store_get_n_items (GListModel *model)
{
  CabinetClientStore *self = CABINET_CLIENT_STORE (model);

  ensure_loaded (self);
  return self->visible->len;
}

static gpointer
cabinet_client_store_get_item (GListModel *model,
                               guint       position)
{
  CabinetClientStore *self = CABINET_CLIENT_STORE (model);

  ensure_loaded (self);
  if (position >= self->visible->len)
    return NULL;
  return g_object_ref (((Entry *) g_ptr_array_index (self->visible, position))->client);
}

static void
cabinet_client_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cabinet_client_store_get_item_type;
  iface->get_n_items = cabinet_client_store_get_n_items;
  iface->get_item = cabinet_client_store_get_item;
}

/* GObject */

static void
cabinet_client_store_finalize (GObject *object)
{
  CabinetClientStore *self = CABINET_CLIENT_STORE (object);

  g_ptr_array_unref (self->visible);
  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->all);
  g_strfreev (self->words);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (cabinet_client_store_parent_class)->finalize (object);
}

static void
cabinet_client_store_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CabinetClientStore *self = CABINET_CLIENT_STORE (object);

  switch (prop_id)
    {
    case PROP_N_ALL:
      g_value_set_uint (value, cabinet_client_store_get_n_all (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabinet_client_store_class_init (CabinetClientStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cabinet_client_store_finalize;
  object_class->get_property = cabinet_client_store_get_property;

  /* Every client, whatever the search: "no clients yet" and "no client matches"
   * are different empty pages. */
  properties[PROP_N_ALL] =
    g_param_spec_uint ("n-all", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cabinet_client_store_init (CabinetClientStore *self)
{
  self->all = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  self->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->visible = g_ptr_array_new ();
  self->sort = CABINET_CLIENT_SORT_NAME;
  self->filter = CABINET_CLIENT_FILTER_ALL;
}

/* Loading */

static GString *
select_sql (void)
{
  /* The consent status is that of the latest form (an index lookup per client). */
  GString *sql = g_string_new ("SELECT id, fee_minor, created_at, updated_at, "
                               CABINET_CONSENT_LATEST_STATUS_SQL ("clients.id"));

  for (guint i = 0; i < CABINET_CLIENT_N_TEXT_FIELDS; i++)
    g_string_append_printf (sql, ", %s", cabinet_client_field_name (i));
  /* An erased client kept for their fiscal rows is no longer a record. */
  g_string_append (sql, " FROM clients WHERE erased_on IS NULL");
  return sql;
}

/* The client in the row @stmt is on, as select_sql() reads it. */
static CabinetClient *
client_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(CabinetClient) client = g_object_new (CABINET_TYPE_CLIENT, NULL);
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) updated = NULL;

  for (guint i = 0; i < CABINET_CLIENT_N_TEXT_FIELDS; i++)
    cabinet_client_set_text (client, i, (const char *) sqlite3_column_text (stmt, 5 + i));
  cabinet_client_set_fee (client, sqlite3_column_int64 (stmt, 1));
  cabinet_client_set_consent_status (client,
                                     cabinet_consent_status_parse ((const char *) sqlite3_column_text (stmt, 4)));
  created = cabinet_timestamp_parse ((const char *) sqlite3_column_text (stmt, 2));
  updated = cabinet_timestamp_parse ((const char *) sqlite3_column_text (stmt, 3));
  g_object_set (client,
                "id", sqlite3_column_int64 (stmt, 0),
                "created-at", created,
                "updated-at", updated,
                NULL);
  return g_steal_pointer (&client);
}

/* Every client not yet looked up, then the order and the view. All or nothing:
 * a read that fails half-way leaves the store as it was. */
static gboolean
load_all (CabinetClientStore  *self,
          GError             **error)
{
  g_autoptr(GString) sql = select_sql ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) read = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean has_row;

  stmt = cabinet_database_prepare (self->database, sql->str, error);
  if (stmt == NULL)
    return FALSE;

  for (;;)
    {
      gint64 id;

      if (!cabinet_database_step (self->database, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      /* A client already looked up keeps its object: rows showing it stay right. */
      id = sqlite3_column_int64 (stmt, 0);
      if (!g_hash_table_contains (self->by_id, &id))
        g_ptr_array_add (read, client_from_row (stmt));
    }

  for (guint i = 0; i < read->len; i++)
    append_unsorted (self, g_ptr_array_index (read, i));
  g_ptr_array_sort_with_data (self->all, compare_entry_ptrs, self);
  for (guint i = 0; i < self->all->len; i++)
    if (entry_matches (self, g_ptr_array_index (self->all, i)))
      g_ptr_array_add (self->visible, g_ptr_array_index (self->all, i));
  self->loaded = TRUE;
  /* Read at a later try: whoever saw the empty list is told. */
  if (self->shown_empty)
    {
      self->shown_empty = FALSE;
      if (self->visible->len > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->visible->len);
      notify_n_all (self);
    }
  return TRUE;
}

/* Before anything that needs every client. No one has seen the list yet, so
 * there is nothing to announce. */
static gboolean
ensure_loaded (CabinetClientStore *self)
{
  g_autoptr(GError) error = NULL;

  if (self->loaded)
    return TRUE;
  if (load_all (self, &error))
    return TRUE;
  g_warning ("The clients could not be read: %s", error->message);
  self->shown_empty = TRUE;
  return FALSE;
}

CabinetClientStore *
cabinet_client_store_new_lazy (CabinetDatabase *database)
{
  CabinetClientStore *self;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);

  self = g_object_new (CABINET_TYPE_CLIENT_STORE, NULL);
  self->database = g_object_ref (database);
  return self;
}

gboolean
cabinet_client_store_load (CabinetClientStore  *self,
                           GError             **error)
{
  g_return_val_if_fail (CABINET_IS_CLIENT_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return self->loaded || load_all (self, error);
}

CabinetClientStore *
cabinet_client_store_new (CabinetDatabase  *database,
                          GError          **error)
{
  g_autoptr(CabinetClientStore) self = NULL;

  g_return_val_if_fail (CABINET_IS_DATABASE (database), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = cabinet_client_store_new_lazy (database);
  /* One query, then everything happens in memory: searching ten thousand clients
   * as the therapist types must not touch the disk. */
  if (!cabinet_client_store_load (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

guint
cabinet_client_store_get_n_all (CabinetClientStore *self)
{
  g_return_val_if_fail (CABINET_IS_CLIENT_STORE (self), 0);
  return ensure_loaded (self) ? self->all->len : 0;
}

/* One client read alone, before the whole list is: what Today's few rows need. */
static Entry *
read_one (CabinetClientStore *self,
          gint64              id)
{
  g_autoptr(GString) sql = select_sql ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CabinetClient) client = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_row = FALSE;

  g_string_append (sql, " AND id = ?");
  stmt = cabinet_database_prepare (self->database, sql->str, &error);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      cabinet_database_step (self->database, stmt, &has_row, &error);
    }
  if (error)
    g_warning ("A client could not be read: %s", error->message);
  if (!has_row)
    return NULL;
  client = client_from_row (stmt);
  append_unsorted (self, client);
  return g_hash_table_lookup (self->by_id, &id);
}

CabinetClient *
cabinet_client_store_lookup (CabinetClientStore *self,
                             gint64              id)
{
  Entry *entry;

  g_return_val_if_fail (CABINET_IS_CLIENT_STORE (self), NULL);

  entry = g_hash_table_lookup (self->by_id, &id);
  if (entry == NULL && !self->loaded)
    entry = read_one (self, id);
  return entry ? entry->client : NULL;
}

/* Searching, sorting, filtering */

/* A query word that is a phone number as people write it ("06.12", "+33") is
 * reduced to its digits, as phone numbers are in the search key. */
static char *
normalize_word (const char *word)
{
  gboolean has_digit = FALSE;
  GString *digits;

  for (const char *p = word; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        has_digit = TRUE;
      else if (!strchr ("+.-()/", *p))
        return g_strdup (word);
    }
  if (!has_digit)
    return g_strdup (word);

  digits = g_string_new (NULL);
  for (const char *p = word; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  return g_string_free (digits, FALSE);
}

static char **
split_query (const char *text)
{
  g_autofree char *folded = cabinet_client_fold (text);
  g_auto(GStrv) parts = NULL;
  GPtrArray *words;

  if (*folded == '\0')
    return NULL;
  /* Folding collapsed the spaces: no empty word. */
  parts = g_strsplit (folded, " ", -1);
  words = g_ptr_array_new ();
  for (guint i = 0; parts[i]; i++)
    g_ptr_array_add (words, normalize_word (parts[i]));
  g_ptr_array_add (words, NULL);
  return (char **) g_ptr_array_free (words, FALSE);
}

/* TRUE when every client matching @words also matches @old: typing one more
 * letter only narrows the list, so only the visible clients need looking at. */
static gboolean
words_narrow (char **words,
              char **old)
{
  if (old == NULL)
    return TRUE;
  if (words == NULL)
    return FALSE;
  for (guint i = 0; old[i]; i++)
    {
      gboolean covered = FALSE;

      for (guint j = 0; words[j] && !covered; j++)
        covered = strstr (words[j], old[i]) != NULL;
      if (!covered)
        return FALSE;
    }
  return TRUE;
}

void
cabinet_client_store_search (CabinetClientStore *self,
                             const char         *text)
{
  g_auto(GStrv) words = NULL;
  guint removed;
  guint kept = 0;

  g_return_if_fail (CABINET_IS_CLIENT_STORE (self));

  ensure_loaded (self);
  words = split_query (text);
  if (words == NULL && self->words == NULL)
    return;
  if (words && self->words && g_strv_equal ((const char * const *) words,
                                            (const char * const *) self->words))
    return;

  if (!words_narrow (words, self->words))
    {
      g_strfreev (self->words);
      self->words = g_steal_pointer (&words);
      refilter (self);
      return;
    }

  g_strfreev (self->words);
  self->words = g_steal_pointer (&words);
  removed = self->visible->len;
  for (guint i = 0; i < self->visible->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->visible, i);

      if (entry_matches (self, entry))
        self->visible->pdata[kept++] = entry;
    }
  if (kept == removed)
    return;
  g_ptr_array_set_size (self->visible, kept);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, kept);
}

void
cabinet_client_store_set_sort (CabinetClientStore *self,
                               CabinetClientSort   sort)
{
  g_return_if_fail (CABINET_IS_CLIENT_STORE (self));
  g_return_if_fail (sort <= CABINET_CLIENT_SORT_LAST_ACTIVITY);

  ensure_loaded (self);

  if (self->sort == sort)
    return;
  self->sort = sort;
  g_ptr_array_sort_with_data (self->all, compare_entry_ptrs, self);
  refilter (self);
}

void
cabinet_client_store_set_filter (CabinetClientStore  *self,
                                 CabinetClientFilter  filter)
{
  g_return_if_fail (CABINET_IS_CLIENT_STORE (self));
  g_return_if_fail (filter <= CABINET_CLIENT_FILTER_CLOSED);

  ensure_loaded (self);

  if (self->filter == filter)
    return;
  self->filter = filter;
  refilter (self);
}

GListModel *
cabinet_client_store_list_open (CabinetClientStore *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  GListStore *list;

  g_return_val_if_fail (CABINET_IS_CLIENT_STORE (self), NULL);

  list = g_list_store_new (CABINET_TYPE_CLIENT);
  if (!ensure_loaded (self))
    return G_LIST_MODEL (list);
  /* Borrowed entries: g_ptr_array_copy() would hand the copy the free function. */
  entries = g_ptr_array_sized_new (self->all->len);
  for (guint i = 0; i < self->all->len; i++)
    g_ptr_array_add (entries, g_ptr_array_index (self->all, i));
  g_ptr_array_sort (entries, compare_name_ptrs);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);

      if (entry->status != CABINET_CLIENT_FILTER_CLOSED)
        g_list_store_append (list, entry->client);
    }
  return G_LIST_MODEL (list);
}

GPtrArray *
cabinet_client_store_find_same_name (CabinetClientStore *self,
                                     CabinetClient      *client)
{
  GPtrArray *same = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *key = NULL;
  gint64 id;

  g_return_val_if_fail (CABINET_IS_CLIENT_STORE (self), same);
  g_return_val_if_fail (CABINET_IS_CLIENT (client), same);

  if (!ensure_loaded (self))
    return same;
  key = dup_name_key (client);
  /* Clients known only by a pseudonym are not namesakes of each other. */
  if (*key == '\0')
    return same;
  id = cabinet_client_get_id (client);
  for (guint i = 0; i < self->all->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->all, i);

      if (entry->client != client && (id == 0 || entry->id != id)
          && strcmp (entry->name_key, key) == 0)
        g_ptr_array_add (same, g_object_ref (entry->client));
    }
  return same;
}

/* Writing */

/* The first problem in the order of the form, so that the message is the same
 * every time. */
static const char *
first_issue (CabinetIssues *issues)
{
  for (guint i = 0; i < CABINET_CLIENT_N_TEXT_FIELDS; i++)
    {
      const char *message = g_hash_table_lookup (issues, cabinet_client_field_name (i));

      if (message)
        return message;
    }
  if (g_hash_table_contains (issues, CABINET_CLIENT_FEE))
    return g_hash_table_lookup (issues, CABINET_CLIENT_FEE);
  return _("This record cannot be saved.");
}

static gboolean
check_valid (CabinetClient  *client,
             GError        **error)
{
  g_autoptr(GHashTable) issues = cabinet_client_validate (client, NULL);

  if (issues == NULL)
    return TRUE;
  g_set_error_literal (error, CABINET_CLIENT_STORE_ERROR, CABINET_CLIENT_STORE_ERROR_INVALID,
                       first_issue (issues));
  return FALSE;
}

/* The client was erased, here or in another window, since it was shown. */
static void
set_gone_error (GError **error)
{
  g_set_error_literal (error, CABINET_CLIENT_STORE_ERROR, CABINET_CLIENT_STORE_ERROR_NOT_FOUND,
                       _("This client is no longer in your records; the list may be out of date. Close this window and open the client again."));
}

static Entry *
find_entry (CabinetClientStore  *self,
            CabinetClient       *client,
            GError             **error)
{
  gint64 id = cabinet_client_get_id (client);
  Entry *entry;

  /* What is written moves in the list: the list must be whole. */
  if (!cabinet_client_store_load (self, error))
    return NULL;
  entry = g_hash_table_lookup (self->by_id, &id);

  if (entry == NULL)
    set_gone_error (error);
  return entry;
}

/* The text columns, then fee_minor and updated_at, bound from @client from
 * parameter 1 on; returns the next parameter. */
static int
bind_record (sqlite3_stmt  *stmt,
             CabinetClient *client,
             const char    *stamp)
{
  int col = 1;

  for (guint i = 0; i < CABINET_CLIENT_N_TEXT_FIELDS; i++)
    sqlite3_bind_text (stmt, col++, cabinet_client_get_text (client, i), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, col++, cabinet_client_get_fee (client));
  sqlite3_bind_text (stmt, col++, stamp, -1, SQLITE_TRANSIENT);
  return col;
}

static char *
insert_sql (void)
{
  GString *sql = g_string_new ("INSERT INTO clients (");

  for (guint i = 0; i < CABINET_CLIENT_N_TEXT_FIELDS; i++)
    g_string_append_printf (sql, "%s, ", cabinet_client_field_name (i));
  g_string_append (sql, "fee_minor, updated_at, created_at) VALUES (");
  for (guint i = 0; i < CABINET_CLIENT_N_TEXT_FIELDS; i++)
    g_string_append (sql, "?, ");
  g_string_append (sql, "?, ?, ?)");
  return g_string_free (sql, FALSE);
}

static gboolean
insert_client (CabinetClientStore  *self,
               sqlite3_stmt        *stmt,
               CabinetClient       *client,
               const char          *stamp,
               const char          *action,
               gint64              *id,
               GError             **error)
{
  int col;

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  col = bind_record (stmt, client, stamp);
  sqlite3_bind_text (stmt, col, stamp, -1, SQLITE_TRANSIENT);
  if (!cabinet_database_step (self->database, stmt, NULL, error))
    return FALSE;
  *id = cabinet_database_last_insert_id (self->database);
  return cabinet_audit_record (self->database, action, "client", *id, error);
}

/* Did the last statement change a row? A client erased behind our back did not. */
static gboolean
check_changed (CabinetClientStore  *self,
               GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = cabinet_database_prepare (self->database, "SELECT changes ()", error);
  gboolean has_row;

  if (stmt == NULL || !cabinet_database_step (self->database, stmt, &has_row, error))
    return FALSE;
  if (has_row && sqlite3_column_int64 (stmt, 0) == 1)
    return TRUE;
  set_gone_error (error);
  return FALSE;
}

static void
copy_record (CabinetClient *dest,
             CabinetClient *src)
{
  /* One notification per property, not one per field copied in between. */
  g_object_freeze_notify (G_OBJECT (dest));
  for (guint i = 0; i < CABINET_CLIENT_N_TEXT_FIELDS; i++)
    cabinet_client_set_text (dest, i, cabinet_client_get_text (src, i));
  cabinet_client_set_fee (dest, cabinet_client_get_fee (src));
  g_object_thaw_notify (G_OBJECT (dest));
}

gboolean
cabinet_client_store_save (CabinetClientStore  *self,
                           CabinetClient       *client,
                           GError             **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *stamp = NULL;
  Entry *entry = NULL;
  gint64 id;

  g_return_val_if_fail (CABINET_IS_CLIENT_STORE (self), FALSE);
  g_return_val_if_fail (CABINET_IS_CLIENT (client), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Nothing invalid is ever written: the form shows each issue beside its field,
   * this is the last line of defence. */
  if (!check_valid (client, error))
    return FALSE;
  /* A new client takes its place in the list: the list must be whole. */
  if (!cabinet_client_store_load (self, error))
    return FALSE;

  id = cabinet_client_get_id (client);
  if (id != 0 && (entry = find_entry (self, client, error)) == NULL)
    return FALSE;

  now = cabinet_timestamp_now ();
  stamp = cabinet_timestamp_format (now);

  if (!cabinet_database_begin (self->database, error))
    return FALSE;

  if (id == 0)
    {
      g_autofree char *sql = insert_sql ();

      stmt = cabinet_database_prepare (self->database, sql, error);
      if (stmt == NULL
          || !insert_client (self, stmt, client, stamp, "client-created", &id, error))
        goto fail;
    }
  else
    {
      g_autoptr(GString) sql = g_string_new ("UPDATE clients SET ");
      int col;

      for (guint i = 0; i < CABINET_CLIENT_N_TEXT_FIELDS; i++)
        g_string_append_printf (sql, "%s = ?, ", cabinet_client_field_name (i));
      g_string_append (sql, "fee_minor = ?, updated_at = ? WHERE id = ?");

      stmt = cabinet_database_prepare (self->database, sql->str, error);
      if (stmt == NULL)
        goto fail;
      col = bind_record (stmt, client, stamp);
      sqlite3_bind_int64 (stmt, col, id);
      if (!cabinet_database_step (self->database, stmt, NULL, error)
          || !check_changed (self, error)
          || !cabinet_audit_record (self->database, "client-updated", "client", id, error))
        goto fail;
    }

  if (!cabinet_database_commit (self->database, error))
    return FALSE;

  /* Only now that it is on disk does memory follow. */
  if (entry == NULL)
    {
      g_object_set (client, "id", id, "created-at", now, "updated-at", now, NULL);
      add_entry (self, entry_new (client));
    }
  else
    {
      if (entry->client != client)
        {
          copy_record (entry->client, client);
          g_object_set (client, "created-at", cabinet_client_get_created_at (entry->client), NULL);
        }
      g_object_set (entry->client, "updated-at", now, NULL);
      g_object_set (client, "updated-at", now, NULL);
      entry_index (entry);
      move_entry (self, entry);
    }
  return TRUE;

fail:
  cabinet_database_rollback (self->database);
  return FALSE;
}

gboolean
cabinet_client_store_add_all (CabinetClientStore  *self,
                              GPtrArray           *clients,
                              GError             **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (CABINET_IS_CLIENT_STORE (self), FALSE);
  g_return_val_if_fail (clients != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (clients->len == 0)
    return TRUE;
  if (!cabinet_client_store_load (self, error))
    return FALSE;

  /* All are checked before anything is written: an import is all or nothing. */
  for (guint i = 0; i < clients->len; i++)
    {
      CabinetClient *client = g_ptr_array_index (clients, i);
      g_autoptr(GHashTable) issues = NULL;

      g_return_val_if_fail (CABINET_IS_CLIENT (client), FALSE);
      g_return_val_if_fail (cabinet_client_get_id (client) == 0, FALSE);

      issues = cabinet_client_validate (client, NULL);
      if (issues)
        {
          g_autofree char *name = cabinet_client_dup_display_name (client);

          if (*name)
            g_set_error (error, CABINET_CLIENT_STORE_ERROR, CABINET_CLIENT_STORE_ERROR_INVALID,
                         _("Nothing was added: “%s” cannot be saved. %s"), name, first_issue (issues));
          else
            g_set_error (error, CABINET_CLIENT_STORE_ERROR, CABINET_CLIENT_STORE_ERROR_INVALID,
                         _("Nothing was added: client number %u cannot be saved. %s"), i + 1,
                         first_issue (issues));
          return FALSE;
        }
    }

  now = cabinet_timestamp_now ();
  stamp = cabinet_timestamp_format (now);
  sql = insert_sql ();
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), clients->len);

  if (!cabinet_database_begin (self->database, error))
    return FALSE;
  stmt = cabinet_database_prepare (self->database, sql, error);
  if (stmt == NULL)
    goto fail;
  for (guint i = 0; i < clients->len; i++)
    {
      gint64 id;

      if (!insert_client (self, stmt, g_ptr_array_index (clients, i), stamp,
                          "client-imported", &id, error))
        goto fail;
      g_array_append_val (ids, id);
    }
  if (!cabinet_database_commit (self->database, error))
    return FALSE;

  for (guint i = 0; i < clients->len; i++)
    {
      CabinetClient *client = g_ptr_array_index (clients, i);

      g_object_set (client,
                    "id", g_array_index (ids, gint64, i),
                    "created-at", now,
                    "updated-at", now,
                    NULL);
      append_unsorted (self, client);
    }
  /* One sort and one items-changed for the whole import, not one per client. */
  g_ptr_array_sort_with_data (self->all, compare_entry_ptrs, self);
  refilter (self);
  notify_n_all (self);
  return TRUE;

fail:
  cabinet_database_rollback (self->database);
  return FALSE;
}

gboolean
cabinet_client_store_set_status (CabinetClientStore  *self,
                                 CabinetClient       *client,
                                 const char          *status,
                                 GError             **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *stamp = NULL;
  const char *action;
  Entry *entry;

  g_return_val_if_fail (CABINET_IS_CLIENT_STORE (self), FALSE);
  g_return_val_if_fail (CABINET_IS_CLIENT (client), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cabinet_client_status_is_valid (status))
    {
      g_set_error_literal (error, CABINET_CLIENT_STORE_ERROR, CABINET_CLIENT_STORE_ERROR_INVALID,
                           _("Choose whether the client is active, paused or closed."));
      return FALSE;
    }
  entry = find_entry (self, client, error);
  if (entry == NULL)
    return FALSE;
  if (strcmp (cabinet_client_get_text (entry->client, CABINET_CLIENT_STATUS), status) == 0)
    {
      cabinet_client_set_text (client, CABINET_CLIENT_STATUS, status);
      return TRUE;
    }

  if (strcmp (status, "closed") == 0)
    action = "client-closed";
  else if (strcmp (status, "paused") == 0)
    action = "client-paused";
  else
    action = "client-reopened";

  now = cabinet_timestamp_now ();
  stamp = cabinet_timestamp_format (now);

  if (!cabinet_database_begin (self->database, error))
    return FALSE;
  stmt = cabinet_database_prepare (self->database,
                                   "UPDATE clients SET status = ?, updated_at = ? WHERE id = ?",
                                   error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, stamp, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, entry->id);
  if (!cabinet_database_step (self->database, stmt, NULL, error)
      || !check_changed (self, error)
      || !cabinet_audit_record (self->database, action, "client", entry->id, error)
      || !cabinet_database_commit (self->database, error))
    goto fail;

  cabinet_client_set_text (entry->client, CABINET_CLIENT_STATUS, status);
  g_object_set (entry->client, "updated-at", now, NULL);
  if (client != entry->client)
    {
      cabinet_client_set_text (client, CABINET_CLIENT_STATUS, status);
      g_object_set (client, "updated-at", now, NULL);
    }
  entry_index (entry);
  move_entry (self, entry);
  return TRUE;

fail:
  cabinet_database_rollback (self->database);
  return FALSE;
}

/* With secure_delete on, the row's bytes are overwritten in the page that held
 * it; but in WAL mode older copies of that page still sit in the WAL, and the
 * main file only gets the overwritten page at the next checkpoint. Checkpoint now
 * and truncate the WAL to nothing. */
static void
checkpoint_truncate (CabinetClientStore *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = cabinet_database_prepare (self->database, "PRAGMA wal_checkpoint (TRUNCATE)", &error);
  if (stmt == NULL || !cabinet_database_step (self->database, stmt, &has_row, &error))
    g_warning ("Could not checkpoint the database after an erasure: %s", error->message);
  else if (has_row && sqlite3_column_int (stmt, 0) != 0)
    /* Another connection reads: the checkpoint that closes the database finishes it. */
    g_warning ("The checkpoint after an erasure was blocked by a reader");
}

gboolean
cabinet_client_store_fiscal_hold (CabinetClientStore *self,
                                  CabinetClient      *client,
                                  GDate              *until)
{
  g_autoptr(GError) error = NULL;
  gboolean held;

  g_return_val_if_fail (CABINET_IS_CLIENT_STORE (self), FALSE);
  g_return_val_if_fail (CABINET_IS_CLIENT (client), FALSE);

  held = cabinet_retention_fiscal_hold (self->database, cabinet_client_get_id (client), NULL, until, &error);
  /* Unread, nothing is promised: the erasure reads it again and fails the same. */
  if (error)
    g_warning ("Could not read whether the payments of a client are kept: %s", error->message);
  return held;
}

/* Runs @sql with ?1 the client's id. */
static gboolean
run_for_client (CabinetClientStore  *self,
                const char          *sql,
                gint64               client_id,
                GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = cabinet_database_prepare (self->database, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  return cabinet_database_step (self->database, stmt, NULL, error);
}

/* Everything of the client but their payments and receipts: their sessions,
 * consent forms, a payment's note, and every field of their record; the row
 * stays, with its id (the reference printed in the fiscal documents) and the
 * day it was erased. The last statement changes the client's row. */
static gboolean
erase_keeping_fiscal_rows (CabinetClientStore  *self,
                           gint64               client_id,
                           GError             **error)
{
  static const char * const steps[] = {
    "DELETE FROM consent_forms WHERE client_id = ?1",
    "DELETE FROM sessions WHERE client_id = ?1",
    "DELETE FROM session_series WHERE client_id = ?1",
    "UPDATE payments SET note = '' WHERE client_id = ?1 AND note != ''",
  };
  g_autoptr(GString) sql = g_string_new ("UPDATE clients SET erased_on = ?2, fee_minor = -1");
  g_autoptr(CabinetClient) blank = cabinet_client_new ("UTC");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(sqlite3_stmt) clear = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (!run_for_client (self, steps[i], client_id, error))
      return FALSE;
  /* Each field as a new record has it, but that the record is closed and that
   * its reference, never its name, is printed. */
  cabinet_client_set_text (blank, CABINET_CLIENT_STATUS, "closed");
  cabinet_client_set_text (blank, CABINET_CLIENT_RECEIPT_NAME, "reference");
  for (guint i = 0; i < CABINET_CLIENT_N_TEXT_FIELDS; i++)
    g_string_append_printf (sql, ", %s = ?%u", cabinet_client_field_name (i), i + 3);
  g_string_append (sql, " WHERE id = ?1");
  clear = cabinet_database_prepare (self->database, sql->str, error);
  if (clear == NULL)
    return FALSE;
  sqlite3_bind_int64 (clear, 1, client_id);
  sqlite3_bind_text (clear, 2, today, -1, SQLITE_TRANSIENT);
  for (guint i = 0; i < CABINET_CLIENT_N_TEXT_FIELDS; i++)
    sqlite3_bind_text (clear, i + 3, cabinet_client_get_text (blank, i), -1, SQLITE_TRANSIENT);
  return cabinet_database_step (self->database, clear, NULL, error);
}

gboolean
cabinet_client_store_erase (CabinetClientStore  *self,
                            CabinetClient       *client,
                            const char          *typed_name,
                            GError             **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *name = NULL;
  g_autofree char *folded_name = NULL;
  g_autofree char *folded_typed = NULL;
  Entry *entry;

  g_return_val_if_fail (CABINET_IS_CLIENT_STORE (self), FALSE);
  g_return_val_if_fail (CABINET_IS_CLIENT (client), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  entry = find_entry (self, client, error);
  if (entry == NULL)
    return FALSE;

  /* Typing the name is what stands between a slip and a record gone for good;
   * accents and capitals are forgiven, a different name is not. */
  name = cabinet_client_dup_display_name (entry->client);
  folded_name = cabinet_client_fold (name);
  folded_typed = cabinet_client_fold (typed_name);
  if (*folded_typed == '\0' || strcmp (folded_name, folded_typed) != 0)
    {
      g_set_error (error, CABINET_CLIENT_STORE_ERROR, CABINET_CLIENT_STORE_ERROR_CONFIRMATION,
                   _("The name typed is not “%s”. Nothing was erased."), name);
      return FALSE;
    }

  if (!cabinet_database_begin (self->database, error))
    return FALSE;
  /* Payments or receipts younger than six years are kept, with the rest of
   * the client erased; otherwise, everything goes. */
  if (!cabinet_retention_fiscal_hold (self->database, entry->id, NULL, NULL, &local))
    {
      if (local)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          goto fail;
        }
      if (!run_for_client (self, "DELETE FROM clients WHERE id = ?1", entry->id, error))
        goto fail;
    }
  else if (!erase_keeping_fiscal_rows (self, entry->id, error))
    goto fail;
  /* The trail keeps that a client was erased, and which id: nothing of them. */
  if (!check_changed (self, error)
      || !cabinet_audit_record (self->database, "client-erased", "client", entry->id, error)
      || !cabinet_database_commit (self->database, error))
    goto fail;

  checkpoint_truncate (self);
  remove_entry (self, entry);
  return TRUE;

fail:
  cabinet_database_rollback (self->database);
  return FALSE;
}
