/* cabinet-gdpr-record.c — the practice's record of processing activities
 * (GDPR art. 30), written from the profile
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cabinet-consent.h"
#include "cabinet-gdpr-record.h"
#include "cabinet-pdf.h"
#include "cabinet-retention.h"

/* A heading of the activity and its lines, each a template for
 * cabinet_text_expand() ({years}, {fiscal}); the list ends at the first NULL. */
typedef struct {
  const char *label;
  const char *lines[7];
} Item;

/* The record is written in the language asked for, whatever the interface's:
 * its words are here. The CNIL's own model of a record is the pattern. */
typedef struct {
  const char *title;
  const char *article;
  const char *prepared;      /* {date} */
  const char *review;
  const char *controller;
  const char *contact[4];    /* {value}: e-mail, phone, RPPS, ADELI */
  const char *dpo;
  const char *activity_label;
  const char *activity;
  Item        items[5];      /* purposes to recipients */
  const char *transfers;
  const char *no_transfer;
  const char *tools;         /* {tools}: the video platform, the chat service */
  const char *no_tools;
  Item        after[3];      /* retention, security, where the data is kept */
  const char *page;
} Words;

static const Words french = {
  "Registre des activités de traitement",
  "Article 30 du règlement général sur la protection des données (RGPD)",
  "Établi le {date}",
  "Ce registre est à relire et à mettre à jour au moins une fois par an, et à chaque changement dans la pratique "
  "(nouvel outil, nouveau destinataire des données).",
  "Responsable du traitement",
  { "Courriel\u202f: {value}", "Téléphone\u202f: {value}", "RPPS\u202f: {value}", "ADELI\u202f: {value}" },
  "Délégué à la protection des données\u202f: non désigné (non obligatoire pour un professionnel de santé "
  "exerçant à titre individuel).",
  "Activité de traitement",
  "Suivi des patients / clients en psychothérapie en ligne",
  {
    { "Finalités",
      { "– le suivi des soins\u202f;",
        "– la prise et la gestion des rendez-vous\u202f;",
        "– le recueil et la conservation des formulaires de consentement éclairé\u202f;",
        "– la facturation, les notes d’honoraires et la tenue du livre des recettes.", NULL } },
    { "Bases légales",
      { "– l’exécution du contrat de soins (art. 6-1-b du RGPD)\u202f;",
        "– une obligation légale pour la facturation et la comptabilité (art. 6-1-c du RGPD)\u202f;",
        "– pour les données de santé\u202f: la prise en charge sanitaire, par un professionnel soumis au secret "
        "professionnel (art. 9-2-h et 9-3 du RGPD).", NULL } },
    { "Personnes concernées",
      { "– les patients / clients\u202f;",
        "– pour un mineur, ses représentants légaux\u202f;",
        "– les personnes à prévenir en cas d’urgence que les clients ont désignées.", NULL } },
    { "Catégories de données",
      { "– identité et coordonnées (nom, prénom, adresse, courriel, téléphone, langue, fuseau horaire)\u202f;",
        "– date de naissance\u202f;",
        "– personne à prévenir en cas d’urgence\u202f;",
        "– dates, durée et modalité des séances (visioconférence, téléphone, messagerie, courriel, cabinet)\u202f;",
        "– formulaires de consentement et leurs exemplaires signés\u202f;",
        "– règlements et notes d’honoraires.",
        "Données de santé\u202f: le seul fait d’être suivi en psychothérapie. Cabinet ne conserve aucune note "
        "de séance." } },
    { "Destinataires",
      { "– aucun autre destinataire que le praticien\u202f;",
        "– l’expert-comptable, le cas échéant, reçoit le livre des recettes\u202f: les clients y sont nommés, "
        "ou désignés par leur seule référence quand ils ont demandé à ne pas l’être, et rien n’y figure des "
        "soins\u202f;",
        "– l’Assurance maladie, par les feuilles de soins des séances prises en charge au titre de Mon soutien "
        "psy\u202f;",
        "– l’agenda en ligne où le praticien publie ses séances, s’il en a choisi un\u202f: les horaires, sans le "
        "nom du client sauf choix contraire dans les préférences.", NULL } },
  },
  "Transferts hors de l’Union européenne",
  "Aucun par Cabinet\u202f: les données ne quittent cet ordinateur que par les exports que fait le praticien.",
  "Les services utilisés pour les séances ({tools}) traitent les données de connexion des séances\u202f: le "
  "praticien vérifie où ils hébergent ces données et, hors de l’Union européenne, sur quelle garantie repose le "
  "transfert (décision d’adéquation, clauses contractuelles types).",
  "Le praticien vérifie de même tout service de visioconférence ou de messagerie qu’il utilise pour les séances.",
  {
    { "Durées de conservation",
      { "– dossiers des clients\u202f: {years} ans après la dernière séance\u202f; pour un mineur, {years} ans "
        "après ses dix-huit ans si cette date est plus tardive. À l’échéance, le dossier est proposé à "
        "l’effacement\u202f: rien n’est effacé sans la confirmation du praticien\u202f;",
        "– règlements, notes d’honoraires et livre des recettes\u202f: {fiscal} ans (Livre des procédures "
        "fiscales, art. L102 B)\u202f; un client effacé avant ce terme n’y figure plus que par sa référence\u202f;",
        "– registre des violations de données\u202f: conservé, pour en rendre compte à la CNIL (art. 33-5 du "
        "RGPD).", NULL } },
    { "Mesures de sécurité",
      { "– la base de données est chiffrée avec SQLCipher (AES-256)\u202f; sa clé est gardée dans le trousseau "
        "de la session, et une clé de secours est remise au praticien\u202f;",
        "– aucune donnée n’est écrite en clair sur le disque, hormis les exports que fait le praticien\u202f;",
        "– Cabinet se verrouille après un temps d’inactivité et avec la session\u202f;",
        "– avant les séances, un contrôle de sécurité de l’ordinateur vérifie le chiffrement du disque, le "
        "verrouillage de l’écran, les mises à jour et l’âge du matériel\u202f;",
        "– les sauvegardes de la base sont chiffrées comme elle, et ne s’ouvrent qu’avec sa clé.", NULL } },
    { "Lieu de conservation des données",
      { "Sur cet ordinateur, dans la base de données chiffrée de Cabinet.", NULL } },
  },
  "page {page} sur {pages}",
};

static const Words english = {
  "Record of processing activities",
  "Article 30 of the General Data Protection Regulation (GDPR)",
  "Prepared on {date}",
  "Review and update this record at least once a year, and whenever the practice changes (a new tool, a new "
  "recipient of the data).",
  "Controller",
  { "E-mail: {value}", "Phone: {value}", "RPPS: {value}", "ADELI: {value}" },
  "Data protection officer: none appointed (not required of a health professional practising alone).",
  "Processing activity",
  "Follow-up of patients / clients in online psychotherapy",
  {
    { "Purposes",
      { "– following up the care;",
        "– making and managing appointments;",
        "– obtaining and keeping the informed consent forms;",
        "– billing, receipts and keeping the income ledger.", NULL } },
    { "Legal bases",
      { "– performance of the care contract (GDPR art. 6(1)(b));",
        "– a legal obligation for billing and accounts (GDPR art. 6(1)(c));",
        "– for health data: the provision of health care, by a professional bound by professional secrecy "
        "(GDPR art. 9(2)(h) and 9(3)).", NULL } },
    { "Data subjects",
      { "– the patients / clients;",
        "– for a minor, their legal guardians;",
        "– the emergency contacts the clients named.", NULL } },
    { "Categories of data",
      { "– identity and contact details (name, address, e-mail, phone, language, time zone);",
        "– date of birth;",
        "– emergency contact;",
        "– dates, length and modality of the sessions (video, phone, chat, e-mail, in person);",
        "– consent forms and their signed copies;",
        "– payments and receipts.",
        "Health data: only the fact of being followed in psychotherapy. Cabinet keeps no session notes." } },
    { "Recipients",
      { "– no one but the practitioner;",
        "– the accountant, if any, receives the income ledger: clients are named in it, or shown by their "
        "reference alone when they asked not to be named, and it says nothing about the care;",
        "– the Assurance maladie (French national health insurance), through the feuilles de soins of the "
        "sessions covered by Mon soutien psy;",
        "– the online calendar the practitioner publishes the sessions to, if one is chosen: the times, without "
        "the client’s name unless chosen otherwise in Preferences.", NULL } },
  },
  "Transfers outside the European Union",
  "None by Cabinet: the data leaves this computer only in the exports the practitioner makes.",
  "The services used for the sessions ({tools}) process the sessions’ connection data: the practitioner checks "
  "where they host it and, outside the European Union, what safeguard the transfer relies on (adequacy "
  "decision, standard contractual clauses).",
  "The practitioner checks likewise any video or chat service used for the sessions.",
  {
    { "Retention periods",
      { "– client records: {years} years after the last session; for a minor, {years} years after their "
        "eighteenth birthday if that is later. Then the record is offered for erasure: nothing is erased "
        "without the practitioner’s confirmation;",
        "– payments, receipts and the income ledger: {fiscal} years (French Livre des procédures fiscales, art. "
        "L102 B); a client erased before then appears in them by their reference only;",
        "– breach log: kept, to account for the breaches to the CNIL (GDPR art. 33(5)).", NULL } },
    { "Security measures",
      { "– the database is encrypted with SQLCipher (AES-256); its key is kept in the desktop keyring, and the "
        "practitioner holds a recovery key;",
        "– nothing is written to disk in plain text, except the exports the practitioner makes;",
        "– Cabinet locks after a time without activity and with the session;",
        "– before sessions, a security self-check of the computer looks at disk encryption, screen lock, "
        "updates and the age of the hardware;",
        "– backups of the database are encrypted as it is, and open only with its key.", NULL } },
    { "Where the data is kept",
      { "On this computer, in Cabinet’s encrypted database.", NULL } },
  },
  "page {page} of {pages}",
};

/* The label, then its lines, kept together with the first. */
static void
add_item (CabinetPdf *pdf,
          const Item *item,
          const char *years,
          const char *fiscal)
{
  g_autofree char *label = g_markup_printf_escaped ("<b>%s</b>", item->label);

  cabinet_pdf_add_markup (pdf, CABINET_PDF_BODY, label);
  cabinet_pdf_keep_with_next (pdf);
  for (guint i = 0; i < G_N_ELEMENTS (item->lines) && item->lines[i]; i++)
    {
      g_autofree char *line = cabinet_text_expand (item->lines[i], "years", years, "fiscal", fiscal, NULL);

      cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, line);
    }
  cabinet_pdf_add_space (pdf, 6);
}

/* The practitioner, as the controller: who, and how to reach them. */
static void
add_controller (CabinetPdf          *pdf,
                CabinetPractitioner *practitioner,
                const Words         *words)
{
  static const CabinetPractitionerField identity[] = { CABINET_PRACTITIONER_FULL_NAME, CABINET_PRACTITIONER_TITLE,
                                                       CABINET_PRACTITIONER_ADDRESS };
  static const CabinetPractitionerField contact[] = { CABINET_PRACTITIONER_EMAIL, CABINET_PRACTITIONER_PHONE,
                                                      CABINET_PRACTITIONER_RPPS, CABINET_PRACTITIONER_ADELI };

  G_STATIC_ASSERT (G_N_ELEMENTS (contact) == G_N_ELEMENTS (words->contact));

  cabinet_pdf_add_text (pdf, CABINET_PDF_HEADING, words->controller);
  for (guint i = 0; i < G_N_ELEMENTS (identity); i++)
    if (*cabinet_practitioner_get_text (practitioner, identity[i]))
      cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, cabinet_practitioner_get_text (practitioner, identity[i]));
  for (guint i = 0; i < G_N_ELEMENTS (contact); i++)
    {
      const char *value = cabinet_practitioner_get_text (practitioner, contact[i]);
      g_autofree char *line = NULL;

      if (*value == '\0')
        continue;
      line = cabinet_text_expand (words->contact[i], "value", value, NULL);
      cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, line);
    }
  cabinet_pdf_add_text (pdf, CABINET_PDF_SMALL, words->dpo);
  cabinet_pdf_add_space (pdf, 16);
}

/* Cabinet sends nothing abroad; the services the sessions go through may, and
 * the practitioner is the one who can check them. */
static void
add_transfers (CabinetPdf          *pdf,
               CabinetPractitioner *practitioner,
               const Words         *words)
{
  const char *video = cabinet_practitioner_get_text (practitioner, CABINET_PRACTITIONER_VIDEO_PLATFORM);
  const char *chat = cabinet_practitioner_get_text (practitioner, CABINET_PRACTITIONER_CHAT_SERVICE);
  g_autofree char *label = g_markup_printf_escaped ("<b>%s</b>", words->transfers);

  cabinet_pdf_add_markup (pdf, CABINET_PDF_BODY, label);
  cabinet_pdf_keep_with_next (pdf);
  cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, words->no_transfer);
  if (*video || *chat)
    {
      g_autofree char *tools = *video && *chat ? g_strconcat (video, ", ", chat, NULL)
                                               : g_strdup (*video ? video : chat);
      g_autofree char *line = cabinet_text_expand (words->tools, "tools", tools, NULL);

      cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, line);
    }
  else
    cabinet_pdf_add_text (pdf, CABINET_PDF_BODY, words->no_tools);
  cabinet_pdf_add_space (pdf, 6);
}

GBytes *
cabinet_gdpr_record_render (CabinetPractitioner  *practitioner,
                            guint                 retention_years,
                            const char           *language,
                            const GDate          *today,
                            GError              **error)
{
  const Words *words = g_strcmp0 (language, "fr") == 0 ? &french : &english;
  const char *full_name;
  g_autoptr(CabinetPdf) pdf = NULL;
  g_autofree char *date = NULL;
  g_autofree char *prepared = NULL;
  g_autofree char *years = g_strdup_printf ("%u", retention_years);
  g_autofree char *fiscal = g_strdup_printf ("%d", CABINET_RETENTION_FISCAL_YEARS);

  g_return_val_if_fail (CABINET_IS_PRACTITIONER (practitioner), NULL);
  g_return_val_if_fail (retention_years > 0, NULL);

  full_name = cabinet_practitioner_get_text (practitioner, CABINET_PRACTITIONER_FULL_NAME);
  date = cabinet_consent_format_day (today, language);
  prepared = cabinet_text_expand (words->prepared, "date", date, NULL);

  pdf = cabinet_pdf_new (cabinet_paper_for_locale ());
  cabinet_pdf_set_metadata (pdf, words->title, full_name, words->article);
  cabinet_pdf_set_header (pdf, full_name);
  cabinet_pdf_set_footer (pdf, words->title);
  cabinet_pdf_set_page_label (pdf, words->page);

  cabinet_pdf_add_text (pdf, CABINET_PDF_TITLE, words->title);
  cabinet_pdf_add_text (pdf, CABINET_PDF_SMALL, words->article);
  cabinet_pdf_add_text (pdf, CABINET_PDF_SMALL, prepared);
  cabinet_pdf_add_space (pdf, 12);

  add_controller (pdf, practitioner, words);

  cabinet_pdf_add_text (pdf, CABINET_PDF_SMALL, words->activity_label);
  cabinet_pdf_keep_with_next (pdf);
  cabinet_pdf_add_text (pdf, CABINET_PDF_HEADING, words->activity);
  cabinet_pdf_add_space (pdf, 4);
  for (guint i = 0; i < G_N_ELEMENTS (words->items); i++)
    add_item (pdf, &words->items[i], years, fiscal);
  add_transfers (pdf, practitioner, words);
  for (guint i = 0; i < G_N_ELEMENTS (words->after); i++)
    add_item (pdf, &words->after[i], years, fiscal);

  cabinet_pdf_add_space (pdf, 10);
  cabinet_pdf_add_text (pdf, CABINET_PDF_SMALL, words->review);
  return cabinet_pdf_render (pdf, error);
}
