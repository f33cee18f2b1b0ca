/* cabinet-check-item.c — one check as the list shows it: its last result, or that
 * it is still running
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cabinet-check-item.h"

struct _CabinetCheckItem
{
  GObject             parent_instance;
  char               *id;
  char               *title;
  gboolean            required;
  gboolean            running;
  CabinetCheckStatus  status;
  char               *summary;
  char               *evidence;
  char               *remedy;
};

G_DEFINE_FINAL_TYPE (CabinetCheckItem, cabinet_check_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_REQUIRED,
  PROP_RUNNING,
  PROP_STATUS,
  PROP_SUMMARY,
  PROP_EVIDENCE,
  PROP_REMEDY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cabinet_check_item_finalize (GObject *object)
{
  CabinetCheckItem *self = CABINET_CHECK_ITEM (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->summary);
  g_free (self->evidence);
  g_free (self->remedy);

  G_OBJECT_CLASS (cabinet_check_item_parent_class)->finalize (object);
}

static void
cabinet_check_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CabinetCheckItem *self = CABINET_CHECK_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_REQUIRED: g_value_set_boolean (value, self->required); break;
    case PROP_RUNNING: g_value_set_boolean (value, self->running); break;
    case PROP_STATUS: g_value_set_int (value, self->status); break;
    case PROP_SUMMARY: g_value_set_string (value, self->summary); break;
    case PROP_EVIDENCE: g_value_set_string (value, self->evidence); break;
    case PROP_REMEDY: g_value_set_string (value, self->remedy); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabinet_check_item_class_init (CabinetCheckItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cabinet_check_item_finalize;
  object_class->get_property = cabinet_check_item_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_REQUIRED] = g_param_spec_boolean ("required", NULL, NULL, FALSE, flags);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, flags);
  properties[PROP_STATUS] = g_param_spec_int ("status", NULL, NULL, CABINET_CHECK_UNKNOWN,
                                              CABINET_CHECK_FAIL, CABINET_CHECK_UNKNOWN, flags);
  properties[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL, flags);
  properties[PROP_EVIDENCE] = g_param_spec_string ("evidence", NULL, NULL, NULL, flags);
  properties[PROP_REMEDY] = g_param_spec_string ("remedy", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cabinet_check_item_init (CabinetCheckItem *self)
{
}

CabinetCheckItem *
cabinet_check_item_new (const char *id,
                        const char *title,
                        gboolean    required)
{
  CabinetCheckItem *self = g_object_new (CABINET_TYPE_CHECK_ITEM, NULL);

  self->id = g_strdup (id);
  self->title = g_strdup (title);
  self->required = required;
  self->summary = g_strdup (_("Not checked yet."));
  return self;
}

const char *
cabinet_check_item_get_id (CabinetCheckItem *self)
{
  g_return_val_if_fail (CABINET_IS_CHECK_ITEM (self), NULL);
  return self->id;
}

const char *
cabinet_check_item_get_title (CabinetCheckItem *self)
{
  g_return_val_if_fail (CABINET_IS_CHECK_ITEM (self), NULL);
  return self->title;
}

gboolean
cabinet_check_item_get_required (CabinetCheckItem *self)
{
  g_return_val_if_fail (CABINET_IS_CHECK_ITEM (self), FALSE);
  return self->required;
}

gboolean
cabinet_check_item_get_running (CabinetCheckItem *self)
{
  g_return_val_if_fail (CABINET_IS_CHECK_ITEM (self), FALSE);
  return self->running;
}

CabinetCheckStatus
cabinet_check_item_get_status (CabinetCheckItem *self)
{
  g_return_val_if_fail (CABINET_IS_CHECK_ITEM (self), CABINET_CHECK_UNKNOWN);
  return self->status;
}

const char *
cabinet_check_item_get_summary (CabinetCheckItem *self)
{
  g_return_val_if_fail (CABINET_IS_CHECK_ITEM (self), NULL);
  return self->summary;
}

const char *
cabinet_check_item_get_evidence (CabinetCheckItem *self)
{
  g_return_val_if_fail (CABINET_IS_CHECK_ITEM (self), NULL);
  return self->evidence;
}

const char *
cabinet_check_item_get_remedy (CabinetCheckItem *self)
{
  g_return_val_if_fail (CABINET_IS_CHECK_ITEM (self), NULL);
  return self->remedy;
}

void
cabinet_check_item_set_running (CabinetCheckItem *self)
{
  g_return_if_fail (CABINET_IS_CHECK_ITEM (self));

  if (self->running)
    return;
  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
cabinet_check_item_set_result (CabinetCheckItem         *self,
                               const CabinetCheckResult *result)
{
  g_return_if_fail (CABINET_IS_CHECK_ITEM (self));
  g_return_if_fail (result != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  self->status = result->status;
  g_free (self->summary);
  self->summary = g_strdup (result->summary);
  g_free (self->evidence);
  self->evidence = g_strdup (result->evidence);
  g_free (self->remedy);
  self->remedy = g_strdup (result->remedy);
  self->running = FALSE;
  for (guint p = PROP_RUNNING; p < N_PROPS; p++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[p]);
  g_object_thaw_notify (G_OBJECT (self));
}
