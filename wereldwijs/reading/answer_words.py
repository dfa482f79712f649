"""The words the answer readers look for, per slot value, in normalised text (lower case, no
accents), Dutch, Flemish and English side by side. First match wins for single choices; lists
collect every match. More specific stems come first in each list."""

from __future__ import annotations

import re
from typing import Dict, List, Tuple

NEGATION = re.compile(
    r"\b(niet|ni|geen|gene|nooit|not|no|never|don'?t|doesn'?t|didn'?t|"
    r"haven'?t|hasn'?t|isn'?t|aren'?t|nope|nah|neen?|neuh|nay|none|nothing|"
    r"niets|niks)\b|n't\b"
)
# Customers who do not pay, however it is put: "klanten die niet betalen", "protection against
# customers who don't pay", "getting paid", "bad debts", "onbetaalde facturen".
NOT_PAID = (
    r"(?:niet|nooit|geen|not|never|don'?t|doesn'?t|didn'?t|won'?t|do not|does not|"
    r"fail to)\s+(?:\w+\s+){0,2}?(?:betal|pay)\w*|(?:betal|pay)\w*\s+(?:\w+\s+)?"
    r"(?:niet|not|never|nooit|late|te laat)\b|non[- ]?pay\w*|bad debts?|onbetaald\w*|"
    r"insolven\w*|faillissement\w*|bankrupt\w*|(?:getting|get|being|worden) paid|"
    r"betaald (?:worden|te worden|krijgen)"
)
# Words that say a figure counts people ("40 werknemers", "just 4 of us").
PEOPLE = (
    r"(mensen|werknemers|medewerkers|personeelsleden|personen|werkkrachten|man|vte|fte|"
    r"voltijd\w*|people|employees|staff|persons|full[- ]time\w*|workers|collega's|of us|"
    r"van ons)"
)

VOCAB: Dict[str, List[Tuple[str, str]]] = {
    "offering": [
        (
            "service",
            r"dienst|service|consult|advies|advice|saas|software as a service|"
            r"dienstverlen|prestation",
        ),
        (
            "consumer",
            r"consument|consumer|b2c|business to consumer|particulier|retail|"
            r"eindgebruiker|end user|huishoud|household",
        ),
        (
            "b2b",
            r"b2b|business to business|bedrijven|businesses|industri|professionele klant|"
            r"professional client|other companies|andere bedrijven|onderdelen|components|"
            r"halffabrica|machines",
        ),
        ("other", r"ander|other|iets anders|something else|mix|gemengd"),
    ],
    "relevant_market": [
        ("global", r"wereld|world|global|internationa|overal|everywhere|intercontinent"),
        ("european", r"europ|eu\b|de eu|binnen de eu"),
        (
            "local",
            r"lokaal|lokale|local|belgi|binnenland|domestic|nationa|regionaal|regional|"
            r"vlaander|flanders|thuismarkt|home market|hier in de buurt|in de buurt",
        ),
    ],
    "family_firm": [
        (
            "family_external",
            r"extern|external|outside (share|invest)|investeerder|investor|"
            r"private equity|participatie|durfkapitaal|venture capital|"
            r"met (een )?(belangrijke )?aandeelhouder",
        ),
        (
            "no",
            r"geen familie|niet familiaal|not a family|no family|beursgenoteerd|"
            r"listed|multinational|nee\b|neen\b|no\b|nope|niet\b|not\b",
        ),
        (
            "family_only",
            r"enkel famil|alleen famil|uitsluitend famil|only family|just family|"
            r"100 ?% famil|volledig famil|familiebedrijf|familiale|family[- ]?(owned|"
            r"business|firm|company)|famil|ja\b|jawel|yes|yep|klopt|zeker|indeed",
        ),
    ],
    "mgmt_experience": [
        (
            "extensive",
            r"ruim|veel ervaring|heel veel|zeer veel|uitgebreid|grote ervaring|"
            r"extensive|a lot|lots|very experienced|plenty|strong|considerable|"
            r"jaren ervaring|years of experience|veel\b|much|substantial|"
            r"ervaren|experienced",
        ),
        (
            "limited",
            r"beperkt|weinig|nauwelijks|amper|geen ervaring|no experience|limited|little|"
            r"hardly|not much|niet veel|beginner|nieuw|none|geen\b|minimal|zero",
        ),
        (
            "average",
            r"gemiddeld|average|middelmatig|redelijk|matig|moderate|some|wat ervaring|"
            r"een beetje|a bit|fair|medium|normaal|normal|ok\b|gaat wel",
        ),
    ],
    "export_outlook": [
        (
            "decrease",
            r"daling|dalen|daalt|minder|afname|afnemen|krimp|achteruit|decrease|decline|"
            r"less\b|down|drop|fall|shrink|lower|reduc|slechter|worse",
        ),
        (
            "stable",
            r"gelijk|stabiel|status quo|constant|hetzelfde|zelfde|ongewijzigd|stable|"
            r"same|flat|unchanged|steady|similar|niet veranderen|no change",
        ),
        (
            "increase",
            r"toename|toenemen|stijg|groei|meer\b|omhoog|vooruit|uitbreid|increase|"
            r"grow|more\b|up\b|rise|expan|better|beter|hoger|higher|\+",
        ),
    ],
    "priority": [
        (
            "independence",
            r"onafhankelijk|independen|eigen baas|own boss|zelfstandig|controle|"
            r"control|vrijheid|freedom|autonom|zelf beslissen|decide ourselves|"
            r"in eigen handen",
        ),
        (
            "continuity",
            r"continu|voortbestaan|stabilit|zekerheid|security|opvolging|succession|"
            r"generatie|generation|lange termijn|long term|long-term|duurzaam|"
            r"sustainab|overleven|survive|behouden|voortzetten|veilig|safe|"
            r"doorgeven|overdragen|kinderen|hand (it )?over|pass (it )?on|children|"
            r"familie|family",
        ),
        ("growth", r"groei|groeien|groter|grow|expan|uitbrei|schaal|scale|meer omzet|winst|profit"),
    ],
    "motive": [
        (
            "survival",
            r"overleven|overleving|voortbestaan|survival|survive|noodzakelijk|"
            r"noodzaak|necessity|necessary|moest|had to|geen keuze|no choice",
        ),
        ("production_capacity", r"productiecapaciteit|production capacity|capaciteit|capacity"),
        (
            "home_costs",
            r"productiekost|loonkost|kosten|costs?\b|goedkoper|cheaper|duur in belgi|"
            r"expensive|lonen|wages|labou?r cost",
        ),
        (
            "home_legislation",
            r"wetgeving|regelgeving|legislation|regulation|regels|rules|"
            r"red tape|administrati|belasting|tax|fiscal",
        ),
        (
            "competitiveness",
            r"concurrentiekracht|concurrentiepositie|competitiv|concurren|"
            r"compet",
        ),
        (
            "new_markets",
            r"nieuwe markt|new market|afzetmarkt|meer klanten|new customers|"
            r"nieuwe klanten|markt (is )?te klein|market (is )?too small|"
            r"belgie is te klein|belgium is too small|te kleine markt|"
            r"small market|toegang tot (nieuwe )?markt|market access|afzet",
        ),
        ("capital", r"kapitaal|capital|investeerder|investor|financiering|funding|geld|money"),
        (
            "knowledge_technology",
            r"kennis|technolog|knowledge|know-how|knowhow|expertise|"
            r"innovat|r&d|onderzoek",
        ),
        (
            "suppliers",
            r"leverancier|supplier|grondstof|raw material|sourcing|inkoop|"
            r"toelever",
        ),
        (
            "staff",
            r"personeel|staff|werknemers|arbeidskracht|workers|talent|mensen vinden|"
            r"find people|labou?r shortage|beschikbaarheid van",
        ),
        (
            "growth",
            r"groei|groeien|grow|expan|uitbrei|groter|omzet verhogen|more sales|"
            r"meer omzet|scale up|opschalen",
        ),
    ],
    "trigger": [
        (
            "local_partner_request",
            r"lokale partner|local partner|belgische klant|belgian (customer|"
            r"client)|klant (in belgie |hier )?vroeg|customer asked|"
            r"client asked|volgden (een |onze )?klant|followed (a |our )?"
            r"(customer|client)|vraag van (een )?(lokale |belgische )?"
            r"(klant|partner)|belgische partner|belgian partner",
        ),
        (
            "unsolicited_order",
            r"spontan|unsolicited|vanzelf|by itself|kwamen (zelf )?naar ons|"
            r"came to us|contacteerde(n)? ons|contacted us|belde(n)? ons|"
            r"called us|bestelling|order|aanvraag uit het buitenland|"
            r"inquir|enquir|toevallig|by chance|per toeval|website|"
            r"got in touch|reached out|approached us|found us|nam(en)? contact|"
            r"(heeft|hebben) (ons )?(gecontacteerd|benaderd|gevonden)|benaderde(n)? ons|"
            r"klopte(n)? aan|kwam(en)? aankloppen",
        ),
        (
            "foreign_partner",
            r"buitenlandse partner|foreign partner|partner (in het|abroad|uit het)|"
            r"samenwerking met|cooperation with|collaboration with|"
            r"samenwerking|cooperation|collaboration|distributeur|distributor|"
            r"joint|agent|\w+(se|sche|an|ch|sh) partner|partner (uit|in|from) |"
            r"recommend|aanbevol|aangeraden|doorverwezen|referred",
        ),
        (
            "active_prospecting",
            r"prospect|actief|actively|active|zelf (gezocht|op zoek)|"
            r"went looking|searched|beurs|beurzen|trade fair|fair|"
            r"handelsmissie|trade mission|marketing|campagne|campaign|"
            r"strateg|plan\b|bewust|deliberate",
        ),
    ],
    "export_barriers": [
        (
            "payment_risk",
            r"betalingsprobl|betalingsrisico|wanbetal|betaling|niet betaald|"
            r"payment|non-payment|not (getting |being )?paid|unpaid|default|" + NOT_PAID,
        ),
        (
            "customs",
            r"douane|customs|invoerheffing|heffing|tarie?f|tariff|import dut|dut(y|ies)|"
            r"formaliteit|formalit|paperwork|papierwerk|brexit|invoerrechten",
        ),
        (
            "not_strategy",
            r"geen deel van (de|onze) strategie|niet in (onze|de) strategie|"
            r"geen strategie|not (part of )?(our )?strateg|no strateg|geen prioriteit|"
            r"not a priority|no priority|geen interesse|not interested|"
            r"niet nodig|no need|don'?t need|willen niet|don'?t want",
        ),
        ("too_small", r"te klein|too small|te kleine onderneming|small company|klein bedrijf"),
        (
            "home_position",
            r"thuismarkt|home market|binnenlandse (markt|positie)|"
            r"domestic (market|position)|positie in belgi|position in belgium|"
            r"concurrentiepositie",
        ),
        (
            "product_unsuitable",
            r"niet geschikt|not suitable|unsuitable|niet exporteerbaar|"
            r"not exportable|lokaal product|local product|lokale dienst|"
            r"local service|past niet|doesn'?t (fit|suit)|enkel lokaal",
        ),
        ("competition", r"concurrentie|concurrent|competition|competitor|competitive"),
        (
            "finance",
            r"financ|middelen|geld|budget|money|funds|fund|kapitaal|capital|te duur|"
            r"too expensive|cost|kosten|investering|investment",
        ),
        (
            "organisation",
            r"organisatie|organisation|organization|structuur|structure|"
            r"geen mensen voor|no people for|no staff for|personeel|staff",
        ),
        ("culture", r"cultu|cultural|mentaliteit|mentality"),
        (
            "find_opportunities",
            r"opportunit|kansen|klanten vinden|find (customers|clients)|"
            r"waar (te )?beginnen|where to start|markten vinden|"
            r"identify|identific|leads|contacten vinden",
        ),
        (
            "knowledge",
            r"kennis|knowledge|know-how|knowhow|expertise|ervaring|experience|"
            r"weten niet hoe|don'?t know how|geen idee hoe|no idea how|"
            r"kennen ((de|die|onze|buitenlandse) )*markt\w* niet|"
            r"(do not|don'?t|dont) know ((the|foreign|those|other) )*markets?",
        ),
        (
            "capacity",
            r"capaciteit|capacity|te druk|too busy|geen tijd|no time|genoeg werk|"
            r"enough work|volle orderboek|full order",
        ),
        ("language", r"taal|talen|language|spreken geen|don'?t speak"),
        ("risk", r"risico|risk|te gevaarlijk|too dangerous|onzeker|uncertain|gevaar|danger"),
    ],
    "other_activities": [
        (
            "sales_office",
            r"verkoopkantoor|verkoopafdeling|verkoopfiliaal|sales office|"
            r"sales subsidiar|sales branch|verkoopvestiging|commercieel kantoor|"
            r"filiaal|dochter|subsidiar|branch|kantoor|office|vestiging",
        ),
        (
            "production_plant",
            r"productie|production|fabriek|factory|plant|manufactur|"
            r"assemblage|assembly|atelier|workshop abroad",
        ),
        ("licence_franchise", r"licentie|licence|license|licensing|franchis"),
        ("joint_venture", r"joint[- ]?venture|jv\b"),
        (
            "network",
            r"netwerk|network|samenwerking|partnership|partner|alliant|allianc|"
            r"cooperation|collaboration|consortium|werken samen|work together|"
            r"verdeler|distribut|agenten|agents",
        ),
    ],
    "support_needs": [
        (
            "payment_risk",
            r"betalingsrisico|betaling|wanbetal|kredietverzekering|niet betaald|"
            r"credit insurance|payment|not (getting |being )?paid|unpaid|default|" + NOT_PAID,
        ),
        (
            "partner_contacts",
            r"contact(en)? (met|leggen)|contacts with|facilit|introduc|"
            r"matchmak|in contact brengen|put (us )?in touch|meetings with",
        ),
        (
            "partner_identification",
            r"partners? (vinden|zoeken|identific)|identificatie|"
            r"identif|find(ing)? (a )?(partner|distributor|agent)|"
            r"distributeur|distributor|agent|partner search|partner",
        ),
        (
            "market_research",
            r"marktonderzoek|marktstud|marktinfo|market research|market stud|"
            r"market info|informatie over (buitenlandse )?markt|"
            r"information (on|about) (foreign )?markets|marktanalyse|"
            r"market analys|markt",
        ),
        (
            "intl_skills",
            r"opleiding|training|seminar|workshop|cursus|course|skills|"
            r"vaardigheden|coaching|vorming|leren|learn",
        ),
        (
            "networking",
            r"netwerk|network|andere ondernemers|other (entrepreneurs|companies|"
            r"business owners)|peers|ervaringsuitwisseling|uitwisselen",
        ),
        (
            "financial_support",
            r"financ|subsidie|subsid|geld|funding|grant|lening|loan|"
            r"premie|steun van de overheid|money",
        ),
        (
            "export_formalities",
            r"formaliteit|formalit|douane|customs|papierwerk|paperwork|"
            r"documenten|documents|incoterm|administrati|certificat|"
            r"oorsprong|origin",
        ),
        (
            "legal_info",
            r"juridisch|legal|wetgeving|law|contract|recht|regelgeving|regulation|"
            r"fiscal|fiscaal|tax",
        ),
        (
            "promotion",
            r"promotie|promotion|beurs|beurzen|trade fair|fair|handelsmissie|"
            r"trade mission|missie|mission|prospectiereis|reizen|travel|marketing|"
            r"publiciteit|advertis",
        ),
        (
            "product_adaptation",
            r"product (aanpassen|aanpassing|ontwikkel)|aanpassen|"
            r"aanpassing|adapt|product develop|productontwikkeling|"
            r"normen|standards|ce-?mark|homolog",
        ),
    ],
}
BY_SPECIFICITY = ("family_firm",)  # the most specific value wins, not the first mentioned
