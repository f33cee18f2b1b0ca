/* cabinet-check-hardware-age.c — is the computer under three years old, as the
 * working environment guideline asks (seed principle 03)?
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cabinet-check.h"
#include "cabinet-check-session.h"

#define DMI_DIR "/sys/class/dmi/id/"

#define FAIL_MONTHS 36  /* three years */
#define WARN_MONTHS 30  /* the last six months before them */

static gboolean
parse_number (const char *text,
              gsize       min_digits,
              gsize       max_digits,
              guint64     max,
              guint      *value)
{
  gsize digits = strlen (text);
  guint64 number;

  if (digits < min_digits || digits > max_digits)
    return FALSE;
  /* Also refuses signs and spaces, which the firmware never writes. */
  for (gsize i = 0; i < digits; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, max, &number, NULL))
    return FALSE;
  *value = (guint) number;
  return TRUE;
}

GDate *
cabinet_hardware_age_parse_bios_date (const char *text)
{
  g_autofree char *copy = NULL;
  g_auto(GStrv) parts = NULL;
  guint month, day, year;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  parts = g_strsplit (copy, "/", -1);
  if (g_strv_length (parts) != 3
      || !parse_number (parts[0], 1, 2, 12, &month)
      || !parse_number (parts[1], 1, 2, 31, &day)
      || !parse_number (parts[2], 2, 4, 9999, &year)
      || strlen (parts[2]) == 3)
    return NULL;
  /* Two-digit years come from firmware written before SMBIOS 2.3 (1998). */
  if (strlen (parts[2]) == 2)
    year += year >= 70 ? 1900 : 2000;
  if (!g_date_valid_dmy (day, month, year))
    return NULL;
  return g_date_new_dmy (day, month, year);
}

gboolean
cabinet_hardware_age_is_virtual (const char *sys_vendor,
                                 const char *product_name)
{
  static const char *hypervisors[] = {
    "qemu", "kvm", "virtualbox", "innotek", "vmware", "xen", "bochs", "parallels",
  };
  g_autofree char *vendor = g_ascii_strdown (sys_vendor ? sys_vendor : "", -1);
  g_autofree char *product = g_ascii_strdown (product_name ? product_name : "", -1);

  for (guint i = 0; i < G_N_ELEMENTS (hypervisors); i++)
    if (strstr (vendor, hypervisors[i]) || strstr (product, hypervisors[i]))
      return TRUE;
  /* Hyper-V: Microsoft also sells real computers (Surface), so the product decides. */
  return strstr (vendor, "microsoft corporation") && strstr (product, "virtual machine");
}

int
cabinet_hardware_age_months (const GDate *since,
                             const GDate *today)
{
  int months;

  g_return_val_if_fail (since != NULL && g_date_valid (since), -1);
  g_return_val_if_fail (today != NULL && g_date_valid (today), -1);

  if (g_date_compare (since, today) > 0)
    return -1;
  months = ((int) g_date_get_year (today) - (int) g_date_get_year (since)) * 12
           + ((int) g_date_get_month (today) - (int) g_date_get_month (since));
  if (g_date_get_day (today) < g_date_get_day (since))
    months--;
  return MAX (months, 0);
}

CabinetCheckStatus
cabinet_hardware_age_status (int months)
{
  if (months < 0)
    return CABINET_CHECK_UNKNOWN;
  if (months >= FAIL_MONTHS)
    return CABINET_CHECK_FAIL;
  if (months >= WARN_MONTHS)
    return CABINET_CHECK_WARN;
  return CABINET_CHECK_PASS;
}

/* "1 year", "2 years and 8 months", "5 months". */
static char *
format_age (int months)
{
  guint years = (guint) months / 12;
  guint rest = (guint) months % 12;
  g_autofree char *year_text = NULL;
  g_autofree char *month_text = NULL;

  if (years > 0)
    year_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u year", "%u years", years), years);
  if (rest > 0)
    month_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u month", "%u months", rest), rest);
  if (year_text && month_text)
    /* Translators: an age in two parts, such as “2 years and 8 months”. */
    return g_strdup_printf (_("%s and %s"), year_text, month_text);
  if (year_text)
    return g_steal_pointer (&year_text);
  return g_steal_pointer (&month_text);
}

static char *
format_date (const GDate *date)
{
  char buffer[16];

  /* ISO dates read the same in French and in English. */
  g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", date);
  return g_strdup (buffer);
}

static CabinetCheckResult *
unknown_result (GString *evidence)
{
  return cabinet_check_result_new (CABINET_CHECK_UNKNOWN,
                                   _("Cabinet cannot tell how old this computer is; enter its purchase date in Preferences."),
                                   evidence->str,
                                   _("Enter the computer’s purchase date in Preferences; you will find it on the invoice."));
}

static void
add_line (GString    *evidence,
          const char *line)
{
  if (evidence->len > 0)
    g_string_append_c (evidence, '\n');
  g_string_append (evidence, line);
}

static void
add_dmi_line (GString    *evidence,
              const char *name,
              const char *value)
{
  g_autofree char *line = NULL;

  if (value)
    {
      /* Whatever the firmware wrote, not always UTF-8: the evidence is shown. */
      g_autofree char *valid = g_utf8_make_valid (value, -1);

      line = g_strdup_printf ("%s%s: %s", DMI_DIR, name, valid);
    }
  else
    /* Translators: %s%s is a file name. */
    line = g_strdup_printf (_("%s%s: not available"), DMI_DIR, name);
  add_line (evidence, line);
}

static char *
summary_for (CabinetCheckStatus status,
             int                months,
             gboolean           from_firmware)
{
  g_autofree char *age = NULL;

  if (months == 0)
    return g_strdup (_("This computer is less than a month old."));

  age = format_age (months);
  switch (status)
    {
    case CABINET_CHECK_FAIL:
      /* Translators: %s is an age, such as “5 years”. */
      return g_strdup_printf (_("This computer is about %s old, more than the three years recommended for therapy work."), age);
    case CABINET_CHECK_WARN:
      /* Translators: %s is an age, such as “2 years and 8 months”. */
      return g_strdup_printf (_("This computer is about %s old; it will soon pass the three years recommended for therapy work."), age);
    case CABINET_CHECK_PASS:
    case CABINET_CHECK_UNKNOWN:
    default:
      if (from_firmware)
        /* Translators: %s is an age, such as “1 year”. */
        return g_strdup_printf (_("This computer is about %s old, judging by the date of its firmware."), age);
      /* Translators: %s is an age, such as “1 year”. */
      return g_strdup_printf (_("This computer is about %s old."), age);
    }
}

static char *
remedy_for (CabinetCheckStatus status,
            gboolean           from_firmware)
{
  const char *plan;

  if (status == CABINET_CHECK_FAIL)
    plan = _("Plan and budget to replace this computer: for online therapy, the guideline is a computer less than three years old.");
  else if (status == CABINET_CHECK_WARN)
    plan = _("Start planning and budgeting for a new computer now: for online therapy, the guideline is a computer less than three years old.");
  else
    return NULL;

  if (!from_firmware)
    return g_strdup (plan);
  return g_strdup_printf ("%s %s", plan,
                          _("If the computer is in fact newer, enter its purchase date in Preferences."));
}

CabinetCheckResult *
cabinet_check_hardware_age (CabinetCheckEnv *env,
                            GCancellable    *cancellable)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GString) evidence = g_string_new (NULL);
  g_autoptr(GDate) today = NULL;
  g_autoptr(GDate) firmware_date = NULL;
  g_autofree char *today_text = NULL;
  g_autofree char *since_text = NULL;
  g_autofree char *age_line = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *remedy = NULL;
  const GDate *since;
  GDate *purchase_date;
  CabinetCheckStatus status;
  gboolean from_firmware;
  int year, month, day;
  int months;

  g_return_val_if_fail (env != NULL, NULL);

  now = cabinet_check_env_get_now (env);
  g_date_time_get_ymd (now, &year, &month, &day);
  today = g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
  today_text = format_date (today);

  purchase_date = cabinet_check_env_get_purchase_date (env);
  from_firmware = purchase_date == NULL || !g_date_valid (purchase_date);
  if (!from_firmware)
    {
      /* What the therapist entered beats anything the firmware says. */
      since = purchase_date;
      since_text = format_date (since);
      /* Translators: %s is a date, written 2024-03-15. */
      g_string_append_printf (evidence, _("Purchase date entered in Preferences: %s"), since_text);
    }
  else
    {
      g_autofree char *vendor = cabinet_check_env_read_line (env, DMI_DIR "sys_vendor");
      g_autofree char *product = cabinet_check_env_read_line (env, DMI_DIR "product_name");
      g_autofree char *bios_date = cabinet_check_env_read_line (env, DMI_DIR "bios_date");

      add_dmi_line (evidence, "sys_vendor", vendor);
      add_dmi_line (evidence, "product_name", product);
      add_dmi_line (evidence, "bios_date", bios_date);

      if (cabinet_hardware_age_is_virtual (vendor, product))
        {
          add_line (evidence, _("This is a virtual machine: its firmware date says nothing about the computer it runs on."));
          return unknown_result (evidence);
        }
      if (bios_date == NULL)
        return unknown_result (evidence);
      firmware_date = cabinet_hardware_age_parse_bios_date (bios_date);
      if (firmware_date == NULL)
        {
          add_line (evidence, _("The firmware date could not be understood."));
          return unknown_result (evidence);
        }
      since = firmware_date;
      add_line (evidence, _("A firmware update changes this date, so the computer may be older than it looks; entering its purchase date in Preferences gives a better answer."));
    }

  {
    /* Translators: %s is a date, written 2024-03-15. */
    g_autofree char *line = g_strdup_printf (_("Today: %s"), today_text);
    add_line (evidence, line);
  }

  months = cabinet_hardware_age_months (since, today);
  if (months < 0)
    {
      if (from_firmware)
        {
          add_line (evidence, _("The firmware date is in the future, so the computer’s clock or firmware is wrong."));
          return unknown_result (evidence);
        }
      add_line (evidence, _("The purchase date is in the future."));
      return cabinet_check_result_new (CABINET_CHECK_UNKNOWN,
                                       _("The purchase date entered in Preferences is in the future, so Cabinet cannot tell how old this computer is."),
                                       evidence->str,
                                       _("Correct the computer’s purchase date in Preferences; you will find it on the invoice."));
    }

  if (months > 0)
    {
      g_autofree char *age = format_age (months);
      /* Translators: %s is an age, such as “2 years and 8 months”. */
      age_line = g_strdup_printf (_("Age: %s"), age);
    }
  else
    age_line = g_strdup (_("Age: less than a month"));
  add_line (evidence, age_line);

  status = cabinet_hardware_age_status (months);
  summary = summary_for (status, months, from_firmware);
  remedy = remedy_for (status, from_firmware);
  return cabinet_check_result_new (status, summary, evidence->str, remedy);
}
