"""Word lists and tables the actor stage reads: countries, bodies, blocs, publishers.

Plain data, kept apart from the rules in `actors.py` so either can be read on its own.
"""

# code | name after "of" (the usual English name, with "the" where English puts it) |
# nouns (also used attributively: "US President"), short forms included | adjectives
COUNTRIES = """
IN|India|India, Bharat, Republic of India|Indian
RU|Russia|Russia, Russian Federation|Russian
CN|China|China, People's Republic of China, PRC|Chinese
US|the United States|United States of America, United States, USA, U.S.A., US, U.S.,\
 America|American
GB|the United Kingdom|United Kingdom, Great Britain, Britain, UK, U.K.|British
FR|France|France|French
DE|Germany|Germany|German
JP|Japan|Japan|Japanese
AU|Australia|Australia|Australian
CA|Canada|Canada|Canadian
PK|Pakistan|Pakistan|Pakistani
BD|Bangladesh|Bangladesh|Bangladeshi
LK|Sri Lanka|Sri Lanka|Sri Lankan
NP|Nepal|Nepal|Nepalese, Nepali
BT|Bhutan|Bhutan|Bhutanese
MV|the Maldives|Maldives|Maldivian
AF|Afghanistan|Afghanistan|Afghan
MM|Myanmar|Myanmar|
IR|Iran|Iran|Iranian
IQ|Iraq|Iraq|Iraqi
IL|Israel|Israel|Israeli
PS|Palestine|Palestine|Palestinian
SA|Saudi Arabia|Saudi Arabia|Saudi
AE|the United Arab Emirates|United Arab Emirates, UAE|Emirati
QA|Qatar|Qatar|Qatari
KW|Kuwait|Kuwait|Kuwaiti
OM|Oman|Oman|Omani
BH|Bahrain|Bahrain|Bahraini
JO|Jordan|Jordan|Jordanian
SY|Syria|Syria|Syrian
LB|Lebanon|Lebanon|Lebanese
YE|Yemen|Yemen|Yemeni
TR|Turkey|Turkey, Türkiye, Turkiye|Turkish
EG|Egypt|Egypt|Egyptian
ZA|South Africa|South Africa|South African
NG|Nigeria|Nigeria|Nigerian
KE|Kenya|Kenya|Kenyan
ET|Ethiopia|Ethiopia|Ethiopian
BR|Brazil|Brazil|Brazilian
MX|Mexico|Mexico|Mexican
AR|Argentina|Argentina|Argentine, Argentinian
CL|Chile|Chile|Chilean
CO|Colombia|Colombia|Colombian
VE|Venezuela|Venezuela|Venezuelan
CU|Cuba|Cuba|Cuban
IT|Italy|Italy|Italian
ES|Spain|Spain|Spanish
PT|Portugal|Portugal|Portuguese
NL|the Netherlands|Netherlands|Dutch
BE|Belgium|Belgium|Belgian
CH|Switzerland|Switzerland|Swiss
AT|Austria|Austria|Austrian
SE|Sweden|Sweden|Swedish
NO|Norway|Norway|Norwegian
FI|Finland|Finland|Finnish
DK|Denmark|Denmark|Danish
PL|Poland|Poland|Polish
CZ|the Czech Republic|Czech Republic, Czechia|Czech
HU|Hungary|Hungary|Hungarian
RO|Romania|Romania|Romanian
BG|Bulgaria|Bulgaria|Bulgarian
RS|Serbia|Serbia|Serbian
GR|Greece|Greece|Greek
CY|Cyprus|Cyprus|Cypriot
IE|Ireland|Ireland|Irish
UA|Ukraine|Ukraine|Ukrainian
BY|Belarus|Belarus|Belarusian
AM|Armenia|Armenia|Armenian
AZ|Azerbaijan|Azerbaijan|Azerbaijani
GE|Georgia|Georgia|Georgian
KZ|Kazakhstan|Kazakhstan|Kazakh
UZ|Uzbekistan|Uzbekistan|Uzbek
TJ|Tajikistan|Tajikistan|Tajik
KG|Kyrgyzstan|Kyrgyzstan, Kyrgyz Republic|Kyrgyz
TM|Turkmenistan|Turkmenistan|Turkmen
MN|Mongolia|Mongolia|Mongolian
KR|South Korea|South Korea, Republic of Korea, ROK|South Korean
KP|North Korea|North Korea, DPRK, Democratic People's Republic of Korea|North Korean
VN|Vietnam|Vietnam, Viet Nam|Vietnamese
TH|Thailand|Thailand|Thai
MY|Malaysia|Malaysia|Malaysian
SG|Singapore|Singapore|Singaporean
ID|Indonesia|Indonesia|Indonesian
PH|the Philippines|Philippines|Philippine, Filipino
KH|Cambodia|Cambodia|Cambodian
LA|Laos|Laos|Lao, Laotian
NZ|New Zealand|New Zealand|
MU|Mauritius|Mauritius|Mauritian
SC|Seychelles|Seychelles|Seychellois
TZ|Tanzania|Tanzania|Tanzanian
UG|Uganda|Uganda|Ugandan
GH|Ghana|Ghana|Ghanaian
SD|Sudan|Sudan|Sudanese
LY|Libya|Libya|Libyan
DZ|Algeria|Algeria|Algerian
MA|Morocco|Morocco|Moroccan
TN|Tunisia|Tunisia|Tunisian
TW|Taiwan|Taiwan|Taiwanese
"""
# Countries whose people are usually named family name first in English ("Wang Yi",
# "Park Jin"): a name written "PARK Jin" keeps its order; "KISHIDA Fumio" is turned round.
FAMILY_NAME_FIRST = frozenset({"CN", "TW", "KR", "KP", "VN", "KH", "HK", "MO"})

# Combining forms that name a country only inside a hyphenated pair ("Indo-US", "Sino-Indian").
COMBINING_FORMS = {"Indo": "IN", "Sino": "CN", "Russo": "RU", "Franco": "FR", "Anglo": "GB"}

# Blocs, forums and international bodies, known by name and acronym:
# usual English name | kind | country | other names (an all-capital one matches by case)
LISTED_BODIES = """
G20|organization||G-20, Group of 20, Group of Twenty
G7|organization||G-7, Group of Seven
BRICS|organization||
Quad|organization||Quadrilateral Security Dialogue
ASEAN|organization||Association of Southeast Asian Nations, Association of South-East Asian Nations
Asia-Pacific Economic Cooperation|organization||APEC, Apec, Asia Pacific Economic Cooperation
Shanghai Cooperation Organisation|organization||SCO
Organisation of Islamic Cooperation|organization||OIC, Organisation of the Islamic Conference
European Union|organization||EU, E.U.
European Commission|organization||
United Nations|organization||UN, U.N.
UN Security Council|organization||UNSC, United Nations Security Council
UN General Assembly|organization||UNGA, United Nations General Assembly
NATO|organization||North Atlantic Treaty Organization, North Atlantic Treaty Organisation
African Union|organization||
Arab League|organization||League of Arab States
Gulf Cooperation Council|organization||GCC
SAARC|organization||South Asian Association for Regional Cooperation
BIMSTEC|organization||
Eurasian Economic Union|organization||EAEU
Collective Security Treaty Organization|organization||CSTO
Organization for Security and Co-operation in Europe|organization||OSCE
World Trade Organization|organization||WTO
World Health Organization|organization||WHO
International Monetary Fund|organization||IMF
World Bank|organization||
International Atomic Energy Agency|organization||IAEA
OPEC|organization||Organization of the Petroleum Exporting Countries
UNESCO|organization||
International Court of Justice|organization||ICJ
International Criminal Court|organization||
Indian Ocean Rim Association|organization||IORA
Mercosur|organization||
Conference on Disarmament|organization||
White House|government-body|US|
Élysée Palace|government-body|FR|Élysée, Elysée Palace
Pentagon|government-body|US|
State Department|government-body|US|US State Department, U.S. State Department,\
 US Department of State
Downing Street|government-body|GB|
"""

# Names that contain a country's name without being the country: places, and the news
# organisations that publish the articles (a publisher reports events; it is not a party).
NOT_ACTORS = """
Indian Ocean, South China Sea, East China Sea, Korean Peninsula, Arabian Sea, Persian Gulf,
Sea of Japan, Black Sea, Latin America, South America, North America, Central America,
Indo-Pacific, Indian Oil Corporation, Indian Express, Times of India, Hindustan Times,
Economic Times, Press Trust of India, Asian News International, United News of India,
Russia Today, China Daily, Japan Times, Korea Herald, Korea Times, Turkish Daily,
Voice of America, Deutsche Welle, South China Morning Post, Gulf News, Arab News,
New York Times, Washington Post, UN Charter, United Nations Charter, Charter of the United Nations
"""
# News organisations: the publisher of a report is not a party to what it reports.
PUBLISHERS = """
Reuters, AFP, Agence France-Presse, Associated Press, AP, PTI, Press Trust of India, ANI,
Asian News International, IANS, Indo-Asian News Service, UNI, United News of India, TASS,
RIA Novosti, Sputnik, Interfax, Xinhua, Xinhua News Agency, Kyodo, Kyodo News, Yonhap,
Yonhap News Agency, Anadolu, Anadolu Agency, dpa, Deutsche Presse-Agentur, Bloomberg, CNN,
BBC, NDTV, RT, MIA, ANSA, EFE, IRNA, KCNA, Bernama, Antara, WAM, SPA, Prensa Latina
"""

# Institutions that name their country: "Kremlin spokesman Dmitry Peskov".
INSTITUTIONS = {
    "Kremlin": "RU",
    "MEA": "IN",
    "PMO": "IN",
    "White House": "US",
    "State Department": "US",
    "Pentagon": "US",
    "Élysée": "FR",
    "Elysee": "FR",
    "Downing Street": "GB",
    "Ministry of External Affairs": "IN",
    "External Affairs Ministry": "IN",
    "Foreign Ministry": "",
    "Foreign Office": "",
    "Defence Ministry": "",
    "Defense Ministry": "",
    "Home Ministry": "",
    "Government": "",
}
# Offices only one country has: the title alone says where.
OFFICE_COUNTRIES = (
    ("external affairs", "IN"),
    ("union ", "IN"),
    ("eam", "IN"),
    ("mos", "IN"),
    ("mantri", "IN"),
)
# Where an envoy is posted: countries and these.
DESTINATIONS = (
    "United Nations",
    "UN",
    "European Union",
    "EU",
    "ASEAN",
    "NATO",
    "African Union",
    "WTO",
    "SCO",
    "BRICS",
    "IAEA",
    "OPEC",
    "UNESCO",
    "G20",
    "G7",
    "Conference on Disarmament",
)
CITIES = """Moscow Delhi Beijing Washington London Paris Tokyo Kyiv Kiev Islamabad Dhaka Kathmandu
    Colombo Tehran Berlin Vladivostok Sochi Petersburg Tashkent Astana Geneva York Brussels
    Ankara Riyadh Dubai Dhabi Kabul Male Thimphu Canberra Ottawa Seoul Jakarta Hanoi Bangkok
    Cairo Jerusalem Aviv Minsk Baku Yerevan Tbilisi Bishkek Dushanbe Ashgabat Ulaanbaatar
    Mumbai Kolkata Chennai Bengaluru Bangalore Hyderabad Goa Kazan Samarkand Rome Madrid
    Vienna Warsaw Prague Budapest Lisbon Stockholm Oslo Helsinki Copenhagen Athens Nicosia
    Doha Muscat Manama Amman Damascus Beirut Baghdad Kuala Lumpur Manila Taipei Wellington
    Sydney Hiroshima Johannesburg Fontainebleau"""

OFFICE_WORDS = """foreign external affairs defence defense home interior internal finance
    commerce industry industries trade economic economy development energy power petroleum
    natural gas oil coal mines steel health family welfare education agriculture farmers
    railways transport road roads highways civil aviation shipping ports waterways science
    technology culture tourism justice law emergencies emergency situations resources digital
    labour labor employment environment forests climate information broadcasting
    communications telecom food consumer textiles heavy minority parliamentary housing urban
    rural youth sports women child tribal social corporate investment enterprise security
    fisheries water chemicals fertilisers fertilizers electronics space atomic nuclear public
    works planning state union cabinet junior senior deputy vice first prime chief press
    principal joint additional under assistant permanent"""

NOT_NAMES = """Statement Statements Opening Closing Remarks Speech Interview Readout Summary
    Transcript Release Declaration
    The A An And But Or Nor For So Yet On In At To Of By With From Into Onto Over Under
    During After Before Since Until While When Where Who Whom Whose Which What Why How That
    This These Those There Their They Them He His Him She Her It Its We Our Us You Your I My
    Me Both Each All Some Many Most Several Other Another Such As Also Amid Despite Via Per
    Today Yesterday Tomorrow Tonight Now Then Earlier Later Meanwhile However Moreover
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December Jan Feb Mar Apr Jun Jul Aug
    Sep Sept Oct Nov Dec Said Says Say Told Tells Tell Added Noted Informed Stated Held
    Holds Hold Meets Meet Met Calls Call Called Thanks Thanked Discusses Discuss Discussed
    Visits Visit Visited Arrives Arrived Speaks Spoke Agrees Agreed Signs Signed Urges Dials
    Hails Reviews Invites Welcomes Talks Talk Leaves Lands Reaches Receives Greets Tweets
    Writes Stresses Assures Announces Expresses Conveys Raises Seeks Rejects Backs Asks
    Is Are Was Were Has Have Had Will Would Could Should Can May Might Must Do Does Did
    Minister Ministers Ministry President Presidents Prime Premier Foreign Affairs External
    Defence Defense Secretary Ambassador Envoy Spokesperson Spokesman Spokeswoman Government
    Embassy Council Union Summit Kremlin Parliament Cabinet State Deputy Chief Adviser
    Advisor Special Official Office National Security Home Commerce Trade Finance Covid
    Mr Mrs Ms Dr Prof Shri Sri Smt Sh Hon Km Kumari Honourable His Her Excellency"""
