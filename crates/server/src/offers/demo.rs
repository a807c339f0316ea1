//! Offers for demonstrations and benchmarks, written as an agency would write them, in French
//! and Arabic, spread over all the wilayas and their real communes. Deterministic: the same count and `now` give the same
//! offers, so seeding twice changes nothing.

use guichet_core::offers::{OfferRecord, OfferStatus};
use guichet_core::reference::ReferenceData;
use guichet_protocol::offers::{
    EducationLevel, HowToApply, LocalizedText, SalaryRange, WorkingTime,
};

/// How many offers a fresh demonstration database gets.
pub const DEMO_COUNT: usize = 320;
/// The most `offers generate` accepts: what the benchmarks need.
pub const MAX_GENERATED: usize = 100_000;

const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// One kind of offer: its occupation, its wording in both languages, what it asks and pays.
struct Template {
    occupation: &'static str,
    sector: &'static str,
    title_fr: &'static str,
    title_ar: &'static str,
    description_fr: &'static str,
    description_ar: &'static str,
    education: EducationLevel,
    experience_years: u8,
    salary: (u32, u32),
    licence: Option<&'static str>,
}

const TEMPLATES: &[Template] = &[
    Template {
        occupation: "7112",
        sector: "btph",
        title_fr: "Maçon qualifié",
        title_ar: "بنّاء مؤهل",
        description_fr: "Entreprise de bâtiment recrute des maçons pour un chantier de logements publics. Travail en équipe, respect des règles de sécurité, équipements fournis.",
        description_ar: "مؤسسة بناء توظف بنّائين لورشة سكنات عمومية. العمل ضمن فريق واحترام قواعد الأمن، مع توفير معدات الحماية.",
        education: EducationLevel::Vocational,
        experience_years: 2,
        salary: (40_000, 55_000),
        licence: None,
    },
    Template {
        occupation: "7126",
        sector: "btph",
        title_fr: "Plombier chauffagiste",
        title_ar: "سبّاك مختص في التدفئة",
        description_fr: "Installation et entretien des réseaux d'eau et de chauffage dans des immeubles d'habitation. Déplacements dans la wilaya.",
        description_ar: "تركيب وصيانة شبكات المياه والتدفئة في العمارات السكنية. تنقلات داخل الولاية.",
        education: EducationLevel::Vocational,
        experience_years: 3,
        salary: (45_000, 60_000),
        licence: Some("B"),
    },
    Template {
        occupation: "7411",
        sector: "btph",
        title_fr: "Électricien du bâtiment",
        title_ar: "كهربائي مباني",
        description_fr: "Réalisation des installations électriques basse tension sur chantier. Lecture de schémas exigée, habilitation électrique appréciée.",
        description_ar: "إنجاز التركيبات الكهربائية ذات التوتر المنخفض في الورشات. قراءة المخططات ضرورية.",
        education: EducationLevel::Vocational,
        experience_years: 2,
        salary: (42_000, 58_000),
        licence: None,
    },
    Template {
        occupation: "8342",
        sector: "btph",
        title_fr: "Conducteur d'engins (pelle hydraulique)",
        title_ar: "سائق آليات أشغال عمومية (حفارة)",
        description_fr: "Conduite de pelle hydraulique et de chargeuse sur un chantier de route. Permis C et expérience sur engins exigés.",
        description_ar: "قيادة حفارة هيدروليكية وجرافة في ورشة طرقات. رخصة السياقة صنف C والخبرة ضروريتان.",
        education: EducationLevel::Middle,
        experience_years: 3,
        salary: (50_000, 70_000),
        licence: Some("C"),
    },
    Template {
        occupation: "9313",
        sector: "btph",
        title_fr: "Manœuvre du bâtiment",
        title_ar: "عامل بناء",
        description_fr: "Aide aux maçons et coffreurs, manutention des matériaux sur chantier. Débutants acceptés, formation sur place.",
        description_ar: "مساعدة البنّائين ونقل مواد البناء في الورشة. يقبل المبتدئون مع تكوين في عين المكان.",
        education: EducationLevel::None,
        experience_years: 0,
        salary: (25_000, 32_000),
        licence: None,
    },
    Template {
        occupation: "7212",
        sector: "industry",
        title_fr: "Soudeur à l'arc",
        title_ar: "لحّام بالقوس الكهربائي",
        description_fr: "Soudure de charpentes métalliques en atelier. Maîtrise des procédés à l'arc et lecture de plans.",
        description_ar: "لحام الهياكل المعدنية في الورشة. إتقان اللحام بالقوس وقراءة المخططات.",
        education: EducationLevel::Vocational,
        experience_years: 2,
        salary: (45_000, 65_000),
        licence: None,
    },
    Template {
        occupation: "7231",
        sector: "services",
        title_fr: "Mécanicien automobile",
        title_ar: "ميكانيكي سيارات",
        description_fr: "Diagnostic et réparation de véhicules légers dans un garage agréé. Connaissance de la valise de diagnostic appréciée.",
        description_ar: "تشخيص وتصليح السيارات السياحية في مرآب معتمد. معرفة جهاز التشخيص الإلكتروني مرغوبة.",
        education: EducationLevel::Vocational,
        experience_years: 2,
        salary: (40_000, 60_000),
        licence: Some("B"),
    },
    Template {
        occupation: "8160",
        sector: "industry",
        title_fr: "Opérateur de production en agroalimentaire",
        title_ar: "عامل إنتاج في الصناعات الغذائية",
        description_fr: "Conduite d'une ligne de conditionnement de produits laitiers, travail en équipes 3x8, respect des règles d'hygiène.",
        description_ar: "تشغيل خط تعبئة مشتقات الحليب، العمل بنظام المناوبة واحترام قواعد النظافة.",
        education: EducationLevel::Middle,
        experience_years: 0,
        salary: (30_000, 38_000),
        licence: None,
    },
    Template {
        occupation: "7233",
        sector: "energy",
        title_fr: "Mécanicien de maintenance industrielle",
        title_ar: "ميكانيكي صيانة صناعية",
        description_fr: "Maintenance préventive et corrective des pompes et compresseurs d'une base pétrolière. Travail en rotation 4/4.",
        description_ar: "الصيانة الوقائية والتصحيحية للمضخات والضواغط في قاعدة بترولية. العمل بالتناوب 4/4.",
        education: EducationLevel::Vocational,
        experience_years: 3,
        salary: (70_000, 95_000),
        licence: None,
    },
    Template {
        occupation: "6121",
        sector: "agriculture",
        title_fr: "Éleveur ovin",
        title_ar: "مربي أغنام",
        description_fr: "Conduite d'un troupeau de 300 brebis dans une exploitation de la steppe : alimentation, soins, agnelage.",
        description_ar: "رعاية قطيع من 300 نعجة في مستثمرة سهبية: التغذية والعناية وموسم الولادة.",
        education: EducationLevel::None,
        experience_years: 2,
        salary: (28_000, 35_000),
        licence: None,
    },
    Template {
        occupation: "9211",
        sector: "agriculture",
        title_fr: "Ouvrier agricole (récolte des dattes)",
        title_ar: "عامل فلاحي (جني التمور)",
        description_fr: "Récolte et tri des dattes Deglet Nour pendant la saison. Hébergement possible sur l'exploitation.",
        description_ar: "جني وفرز تمور دقلة نور خلال الموسم. إمكانية الإيواء في المستثمرة.",
        education: EducationLevel::None,
        experience_years: 0,
        salary: (25_000, 30_000),
        licence: None,
    },
    Template {
        occupation: "2221",
        sector: "health",
        title_fr: "Infirmier diplômé d'État",
        title_ar: "ممرض حاصل على شهادة دولة",
        description_fr: "Clinique privée recrute des infirmiers pour ses services de chirurgie et d'urgences. Gardes de nuit par roulement.",
        description_ar: "عيادة خاصة توظف ممرضين لمصلحتي الجراحة والاستعجالات. مناوبات ليلية بالتداول.",
        education: EducationLevel::Licence,
        experience_years: 1,
        salary: (50_000, 65_000),
        licence: None,
    },
    Template {
        occupation: "3213",
        sector: "health",
        title_fr: "Préparateur en pharmacie",
        title_ar: "مساعد صيدلي",
        description_fr: "Accueil des patients, délivrance des ordonnances et gestion du stock dans une officine du centre-ville.",
        description_ar: "استقبال الزبائن وصرف الوصفات الطبية وتسيير المخزون في صيدلية بوسط المدينة.",
        education: EducationLevel::Baccalaureate,
        experience_years: 1,
        salary: (35_000, 45_000),
        licence: None,
    },
    Template {
        occupation: "2341",
        sector: "education",
        title_fr: "Enseignant de français au primaire (école privée)",
        title_ar: "أستاذ لغة فرنسية في الطور الابتدائي (مدرسة خاصة)",
        description_fr: "École privée agréée recherche un enseignant de français pour les classes de 3e à 5e année.",
        description_ar: "مدرسة خاصة معتمدة تبحث عن أستاذ لغة فرنسية لأقسام السنة الثالثة إلى الخامسة.",
        education: EducationLevel::Licence,
        experience_years: 0,
        salary: (38_000, 48_000),
        licence: None,
    },
    Template {
        occupation: "5223",
        sector: "commerce",
        title_fr: "Vendeur en magasin d'électroménager",
        title_ar: "بائع في محل أجهزة كهرومنزلية",
        description_fr: "Conseil à la clientèle, mise en rayon et encaissement. Sens du contact et présentation soignée.",
        description_ar: "نصح الزبائن وترتيب السلع والتحصيل. حسن التواصل والمظهر اللائق.",
        education: EducationLevel::Secondary,
        experience_years: 0,
        salary: (28_000, 35_000),
        licence: None,
    },
    Template {
        occupation: "5230",
        sector: "commerce",
        title_fr: "Caissier en supérette",
        title_ar: "أمين صندوق في متجر",
        description_fr: "Tenue de caisse, accueil des clients et aide à la réception des marchandises. Horaires en deux équipes.",
        description_ar: "مسك الصندوق واستقبال الزبائن والمساعدة في استلام السلع. العمل بفريقين.",
        education: EducationLevel::Secondary,
        experience_years: 0,
        salary: (26_000, 32_000),
        licence: None,
    },
    Template {
        occupation: "3322",
        sector: "commerce",
        title_fr: "Commercial terrain (produits alimentaires)",
        title_ar: "مندوب مبيعات ميداني (مواد غذائية)",
        description_fr: "Prospection et suivi des points de vente de la wilaya, prise de commandes. Véhicule de service fourni.",
        description_ar: "البحث عن نقاط البيع ومتابعتها في الولاية وتسجيل الطلبيات. سيارة الخدمة متوفرة.",
        education: EducationLevel::Baccalaureate,
        experience_years: 1,
        salary: (40_000, 60_000),
        licence: Some("B"),
    },
    Template {
        occupation: "5120",
        sector: "tourism",
        title_fr: "Cuisinier en restauration collective",
        title_ar: "طباخ في الإطعام الجماعي",
        description_fr: "Préparation de 400 repas par jour pour une base de vie. Hygiène alimentaire (HACCP) exigée.",
        description_ar: "تحضير 400 وجبة يوميا لقاعدة حياة. احترام قواعد النظافة الغذائية ضروري.",
        education: EducationLevel::Vocational,
        experience_years: 2,
        salary: (40_000, 55_000),
        licence: None,
    },
    Template {
        occupation: "5131",
        sector: "tourism",
        title_fr: "Serveur en restaurant",
        title_ar: "نادل في مطعم",
        description_fr: "Service en salle et en terrasse dans un restaurant du front de mer. Travail le week-end.",
        description_ar: "الخدمة في القاعة والشرفة في مطعم على الواجهة البحرية. العمل في نهاية الأسبوع.",
        education: EducationLevel::Middle,
        experience_years: 0,
        salary: (25_000, 30_000),
        licence: None,
    },
    Template {
        occupation: "7512",
        sector: "commerce",
        title_fr: "Boulanger",
        title_ar: "خبّاز",
        description_fr: "Fabrication du pain traditionnel et de la viennoiserie, travail de nuit, boulangerie de quartier.",
        description_ar: "صناعة الخبز التقليدي والمعجنات، العمل ليلا في مخبزة حي.",
        education: EducationLevel::Primary,
        experience_years: 1,
        salary: (30_000, 40_000),
        licence: None,
    },
    Template {
        occupation: "4224",
        sector: "tourism",
        title_fr: "Réceptionniste d'hôtel",
        title_ar: "موظف استقبال في فندق",
        description_fr: "Accueil des clients, réservations et facturation dans un hôtel 3 étoiles. Anglais apprécié.",
        description_ar: "استقبال النزلاء والحجوزات والفوترة في فندق ثلاث نجوم. إتقان الإنجليزية مرغوب.",
        education: EducationLevel::Baccalaureate,
        experience_years: 1,
        salary: (35_000, 45_000),
        licence: None,
    },
    Template {
        occupation: "8332",
        sector: "transport",
        title_fr: "Chauffeur poids lourd",
        title_ar: "سائق وزن ثقيل",
        description_fr: "Transport de marchandises entre les wilayas du Nord et du Sud. Permis C et CE, carte de qualification.",
        description_ar: "نقل البضائع بين ولايات الشمال والجنوب. رخصة السياقة صنف C و CE وبطاقة التأهيل.",
        education: EducationLevel::Middle,
        experience_years: 3,
        salary: (50_000, 70_000),
        licence: Some("CE"),
    },
    Template {
        occupation: "8344",
        sector: "transport",
        title_fr: "Cariste en entrepôt",
        title_ar: "سائق رافعة شوكية في مستودع",
        description_fr: "Chargement et déchargement des camions, rangement des palettes. Attestation de cariste exigée.",
        description_ar: "شحن وتفريغ الشاحنات وترتيب المنصات. شهادة سياقة الرافعة ضرورية.",
        education: EducationLevel::Middle,
        experience_years: 1,
        salary: (32_000, 40_000),
        licence: None,
    },
    Template {
        occupation: "9621",
        sector: "transport",
        title_fr: "Livreur",
        title_ar: "عامل توصيل",
        description_fr: "Livraison de colis aux particuliers et aux commerces de la ville. Motocycle fourni.",
        description_ar: "توصيل الطرود إلى الخواص والمحلات داخل المدينة. دراجة نارية متوفرة.",
        education: EducationLevel::Primary,
        experience_years: 0,
        salary: (25_000, 32_000),
        licence: Some("A"),
    },
    Template {
        occupation: "4110",
        sector: "administration",
        title_fr: "Agent administratif",
        title_ar: "عون إداري",
        description_fr: "Accueil, courrier, classement et saisie de données. Maîtrise de l'arabe et du français écrits, bureautique.",
        description_ar: "الاستقبال والبريد والأرشفة وإدخال البيانات. إتقان العربية والفرنسية كتابة والإعلام الآلي المكتبي.",
        education: EducationLevel::Baccalaureate,
        experience_years: 0,
        salary: (30_000, 38_000),
        licence: None,
    },
    Template {
        occupation: "2411",
        sector: "services",
        title_fr: "Comptable",
        title_ar: "محاسب",
        description_fr: "Tenue de la comptabilité générale, déclarations fiscales et sociales d'une PME. Maîtrise d'un logiciel de comptabilité.",
        description_ar: "مسك المحاسبة العامة والتصريحات الجبائية والاجتماعية لمؤسسة صغيرة ومتوسطة.",
        education: EducationLevel::Licence,
        experience_years: 3,
        salary: (55_000, 75_000),
        licence: None,
    },
    Template {
        occupation: "4222",
        sector: "telecom",
        title_fr: "Téléconseiller bilingue",
        title_ar: "مستشار زبائن ثنائي اللغة",
        description_fr: "Réponse aux appels des clients d'un opérateur de téléphonie, en arabe et en français. Formation assurée.",
        description_ar: "الرد على مكالمات زبائن متعامل للهاتف النقال بالعربية والفرنسية. التكوين مضمون.",
        education: EducationLevel::Baccalaureate,
        experience_years: 0,
        salary: (32_000, 40_000),
        licence: None,
    },
    Template {
        occupation: "2512",
        sector: "telecom",
        title_fr: "Développeur web",
        title_ar: "مطور مواقع ويب",
        description_fr: "Développement d'applications web pour une start-up. Connaissances en JavaScript et bases de données.",
        description_ar: "تطوير تطبيقات الويب لمؤسسة ناشئة. معارف في جافاسكريبت وقواعد البيانات.",
        education: EducationLevel::Licence,
        experience_years: 1,
        salary: (60_000, 90_000),
        licence: None,
    },
    Template {
        occupation: "3512",
        sector: "telecom",
        title_fr: "Technicien de maintenance informatique",
        title_ar: "تقني صيانة الإعلام الآلي",
        description_fr: "Installation et dépannage des postes de travail et du réseau d'une administration.",
        description_ar: "تركيب وتصليح أجهزة الإعلام الآلي وشبكة إدارة عمومية.",
        education: EducationLevel::Vocational,
        experience_years: 1,
        salary: (38_000, 48_000),
        licence: None,
    },
    Template {
        occupation: "5414",
        sector: "services",
        title_fr: "Agent de sécurité",
        title_ar: "عون أمن ووقاية",
        description_fr: "Surveillance d'un site industriel, contrôle des accès et rondes. Travail posté jour et nuit.",
        description_ar: "حراسة موقع صناعي ومراقبة الدخول والدوريات. العمل بالمناوبة ليلا ونهارا.",
        education: EducationLevel::Middle,
        experience_years: 0,
        salary: (28_000, 34_000),
        licence: None,
    },
    Template {
        occupation: "9112",
        sector: "services",
        title_fr: "Agent d'entretien",
        title_ar: "عامل نظافة",
        description_fr: "Nettoyage des bureaux et des parties communes d'un immeuble administratif, le matin.",
        description_ar: "تنظيف المكاتب والأجزاء المشتركة لمبنى إداري في الفترة الصباحية.",
        education: EducationLevel::None,
        experience_years: 0,
        salary: (22_000, 26_000),
        licence: None,
    },
    Template {
        occupation: "5311",
        sector: "education",
        title_fr: "Éducatrice de crèche",
        title_ar: "مربية في روضة أطفال",
        description_fr: "Accueil et éveil des enfants de 3 à 5 ans dans une crèche agréée.",
        description_ar: "استقبال الأطفال من 3 إلى 5 سنوات والعناية بهم في روضة معتمدة.",
        education: EducationLevel::Secondary,
        experience_years: 0,
        salary: (25_000, 32_000),
        licence: None,
    },
];

const EMPLOYERS: &[&str] = &[
    "SARL Bâtir El Djazair",
    "EURL Sahel Travaux",
    "SPA Agro Tell",
    "Clinique Ibn Sina",
    "Transports Hadj Ali et Fils",
    "Hôtel El Mordjane",
    "Groupe scolaire El Nour",
    "SARL Tassili Services",
    "Laiterie des Hauts Plateaux",
    "Boulangerie Dar El Khobz",
    "EURL Numidia Informatique",
    "Supérette El Baraka",
    "SARL Atlas Sécurité",
    "Garage Essalem",
    "Coopérative agricole El Wiam",
    "SARL Hoggar Logistique",
    "Pharmacie Ennour",
    "Restaurant La Corniche",
    "Start-up Dzair Code",
    "Bureau d'études Medina",
];

const CONTRACTS: [&str; 7] = ["cdi", "cdd", "cdd", "cta", "daip-cid", "daip-cip", "seasonal"];

/// `count` offers published over the 45 days before `now`, all still open at `now`.
/// `prefix` starts every external id (`DEMO`, `SYN`), so seeds of different kinds never clash.
pub fn generate(count: usize, now: u64, prefix: &str) -> Vec<OfferRecord> {
    let reference = ReferenceData::builtin();
    let wilaya_count = reference.wilayas().len();
    // Each wilaya's communes, gathered once: up to 100,000 offers pick from them.
    let communes: Vec<Vec<&str>> = reference
        .wilayas()
        .iter()
        .map(|wilaya| reference.communes_of(wilaya.code).map(|c| c.code.as_str()).collect())
        .collect();
    (0..count)
        .map(|number| {
            let template = &TEMPLATES[number % TEMPLATES.len()];
            // Stride by a prime that divides neither 58 nor 69 (the wilayas before and after the
            // 2026 reform), so neighbouring offers land in different wilayas and all are used.
            let at = (number * 31) % wilaya_count;
            let wilaya = reference.wilayas()[at].code;
            let of_wilaya = &communes[at];
            let commune = of_wilaya[(number / wilaya_count) % of_wilaya.len()].to_owned();
            let languages = number % 10;
            let (title, description) = match languages {
                3 => (
                    LocalizedText { fr: Some(template.title_fr.to_owned()), ar: None },
                    LocalizedText { fr: Some(template.description_fr.to_owned()), ar: None },
                ),
                7 => (
                    LocalizedText { fr: None, ar: Some(template.title_ar.to_owned()) },
                    LocalizedText { fr: None, ar: Some(template.description_ar.to_owned()) },
                ),
                _ => (
                    LocalizedText {
                        fr: Some(template.title_fr.to_owned()),
                        ar: Some(template.title_ar.to_owned()),
                    },
                    LocalizedText {
                        fr: Some(template.description_fr.to_owned()),
                        ar: Some(template.description_ar.to_owned()),
                    },
                ),
            };
            let step = number as u64;
            let published_at = now.saturating_sub((step * 7 % 45) * DAY_MS + (step * 37 % 24) * 3_600_000);
            let contract = CONTRACTS[number / TEMPLATES.len() % CONTRACTS.len()];
            OfferRecord {
                external_id: format!("{prefix}-{wilaya:02}-{number:06}"),
                status: OfferStatus::Open,
                title,
                description,
                employer: EMPLOYERS[(number / 3) % EMPLOYERS.len()].to_owned(),
                wilaya,
                commune,
                occupation: template.occupation.to_owned(),
                sector: template.sector.to_owned(),
                contract: contract.to_owned(),
                working_time: if number % 11 == 5 { WorkingTime::PartTime } else { WorkingTime::FullTime },
                experience_years: template.experience_years,
                education: template.education,
                positions: u16::try_from(number % 4 + 1).unwrap_or(1),
                salary: (number % 5 != 4).then_some(SalaryRange {
                    min_dzd: template.salary.0,
                    max_dzd: template.salary.1,
                }),
                driving_licence: template.licence.map(str::to_owned),
                open_to_disabled: number % 6 == 0,
                how_to_apply: if number % 9 == 4 {
                    HowToApply::Direct {
                        instructions: "Déposer CV et copie des diplômes au siège de l'employeur, du dimanche au jeudi de 9 h à 12 h".to_owned(),
                    }
                } else {
                    HowToApply::AtAgency
                },
                published_at,
                // At least 50 days of life from publication: still open 5 days after `now`.
                expires_at: published_at + (50 + step % 30) * DAY_MS,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    const NOW: u64 = 1_795_910_400_000;

    #[test]
    fn demo_offers_cover_every_wilaya_and_refer_to_the_reference_lists() {
        let reference = ReferenceData::builtin();
        let offers = generate(DEMO_COUNT, NOW, "DEMO");
        let wilayas: BTreeSet<u8> = offers.iter().map(|offer| offer.wilaya).collect();
        assert_eq!(wilayas.len(), 69);
        let communes: BTreeSet<&str> = offers.iter().map(|offer| offer.commune.as_str()).collect();
        assert!(communes.len() > 250, "real communes, not only each chef-lieu: {}", communes.len());
        let ids: BTreeSet<&str> = offers.iter().map(|offer| offer.external_id.as_str()).collect();
        assert_eq!(ids.len(), DEMO_COUNT);
        for offer in &offers {
            assert!(reference.occupation(&offer.occupation).is_some(), "{}", offer.occupation);
            assert!(reference.sector(&offer.sector).is_some(), "{}", offer.sector);
            assert!(reference.contract_type(&offer.contract).is_some(), "{}", offer.contract);
            assert_eq!(reference.commune(&offer.commune).map(|c| c.wilaya), Some(offer.wilaya));
            assert!(offer.published_at <= NOW && offer.expires_at > NOW + 4 * DAY_MS);
            assert!(offer.title.fr.is_some() || offer.title.ar.is_some());
        }
        assert!(offers.iter().any(|offer| offer.title.fr.is_none()), "some offers only in Arabic");
        assert!(offers.iter().any(|offer| offer.title.ar.is_none()), "some offers only in French");
    }

    #[test]
    fn generation_is_deterministic() {
        assert_eq!(generate(50, NOW, "SYN"), generate(50, NOW, "SYN"));
    }
}
