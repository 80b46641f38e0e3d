"""Word lists and paradigms for the offline tutor's rule-based checker (core/tutor/checker/).

Verbs come from the vocabulary content (seeds/content/vocabulary: lemma and Präteritum, with
separable verbs split into prefix and base); the rest is grammar written down as data.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Paradigms list six forms in the order ich, du, er/sie/es, wir, ihr, sie/Sie (persons 0-5).

# lemma:präteritum (several Präteritum forms separated by "/"), regular present unless listed
# in STEM_CHANGES or IRREGULAR_PRESENT. Separable verbs appear as their base verb.
VERB_TABLE = """
achten:achtete antworten:antwortete arbeiten:arbeitete atmen:atmete backen:backte
baden:badete bauen:baute beantragen:beantragte beantworten:beantwortete bedanken:bedankte
bedeuten:bedeutete beeilen:beeilte beeinflussen:beeinflusste befinden:befand
befürchten:befürchtete beginnen:begann begründen:begründete begrüßen:begrüßte
behandeln:behandelte behaupten:behauptete bekommen:bekam bemerken:bemerkte bemühen:bemühte
benutzen:benutzte beraten:beriet bereiten:bereitete berichten:berichtete
beschließen:beschloss beschreiben:beschrieb beschweren:beschwerte beschäftigen:beschäftigte
besichtigen:besichtigte besorgen:besorgte bestehen:bestand bestellen:bestellte
bestätigen:bestätigte besuchen:besuchte beteiligen:beteiligte betragen:betrug
beweisen:bewies bewerben:bewarb bezahlen:bezahlte biegen:bog bieten:bot bitten:bat
bleiben:blieb bluten:blutete brauchen:brauchte bringen:brachte buchen:buchte
buchstabieren:buchstabierte bügeln:bügelte chatten:chattete danken:dankte dauern:dauerte
denken:dachte diskutieren:diskutierte drucken:druckte drücken:drückte duschen:duschte
duzen:duzte einigen:einigte empfehlen:empfahl enden:endete engagieren:engagierte
enthalten:enthielt entlassen:entließ entscheiden:entschied entschuldigen:entschuldigte
entspannen:entspannte entstehen:entstand entwickeln:entwickelte erfahren:erfuhr
erhalten:erhielt erholen:erholte erhöhen:erhöhte erinnern:erinnerte erkennen:erkannte
erklären:erklärte erkundigen:erkundigte erkälten:erkältete erlauben:erlaubte erleben:erlebte
erledigen:erledigte ermöglichen:ermöglichte ernähren:ernährte erreichen:erreichte
erscheinen:erschien erwarten:erwartete erwähnen:erwähnte erzählen:erzählte
eröffnen:eröffnete essen:aß fahren:fuhr fallen:fiel fangen:fing fassen:fasste fehlen:fehlte
feiern:feierte finden:fand fliegen:flog fordern:forderte fotografieren:fotografierte
fragen:fragte freuen:freute frieren:fror frühstücken:frühstückte funktionieren:funktionierte
fördern:förderte fühlen:fühlte führen:führte füllen:füllte geben:gab gefallen:gefiel
gehen:ging gehören:gehörte gelingen:gelang gelten:galt gewinnen:gewann gewöhnen:gewöhnte
gießen:goss glauben:glaubte gratulieren:gratulierte grillen:grillte gründen:gründete
grüßen:grüßte halten:hielt hassen:hasste heben:hob heiraten:heiratete heißen:hieß
helfen:half hoffen:hoffte holen:holte husten:hustete hängen:hängte/hing hören:hörte
impfen:impfte informieren:informierte interessieren:interessierte joggen:joggte
kaufen:kaufte kennen:kannte klappen:klappte klettern:kletterte klicken:klickte
klingeln:klingelte kochen:kochte kommen:kam kontrollieren:kontrollierte
konzentrieren:konzentrierte korrigieren:korrigierte kosten:kostete kreuzen:kreuzte
kriegen:kriegte kümmern:kümmerte kündigen:kündigte küssen:küsste lachen:lachte laden:lud
landen:landete langweilen:langweilte lassen:ließ laufen:lief leben:lebte legen:legte
lehnen:lehnte leiden:litt leihen:lieh leisten:leistete leiten:leitete lernen:lernte
lesen:las lieben:liebte liefern:lieferte liegen:lag lohnen:lohnte lächeln:lächelte lügen:log
machen:machte malen:malte meinen:meinte melden:meldete merken:merkte messen:maß
mieten:mietete nehmen:nahm nutzen:nutzte packen:packte parken:parkte passen:passte
passieren:passierte pflegen:pflegte probieren:probierte putzen:putzte rauchen:rauchte
reagieren:reagierte rechnen:rechnete reden:redete regen:regte regnen:regnete reichen:reichte
reisen:reiste reiten:ritt rennen:rannte renovieren:renovierte reparieren:reparierte
reservieren:reservierte retten:rettete riechen:roch rufen:rief ruhen:ruhte räumen:räumte
sagen:sagte sammeln:sammelte schaffen:schaffte schalten:schaltete schauen:schaute
scheinen:schien scheitern:scheiterte schenken:schenkte schicken:schickte schlafen:schlief
schlagen:schlug schließen:schloss schmecken:schmeckte schneiden:schnitt schneien:schneite
schreiben:schrieb schwimmen:schwamm schützen:schützte segeln:segelte sehen:sah senken:senkte
setzen:setzte singen:sang sinken:sank sitzen:saß sorgen:sorgte sparen:sparte
spazieren:spazierte speichern:speicherte spielen:spielte sprechen:sprach springen:sprang
spülen:spülte starten:startete stehen:stand stehlen:stahl steigen:stieg stellen:stellte
sterben:starb stimmen:stimmte streiten:stritt strengen:strengte studieren:studierte
stören:störte suchen:suchte surfen:surfte tanken:tankte tanzen:tanzte tauschen:tauschte
telefonieren:telefonierte tragen:trug trainieren:trainierte treffen:traf trennen:trennte
trinken:trank träumen:träumte umarmen:umarmte unterhalten:unterhielt
unterrichten:unterrichtete unterscheiden:unterschied unterschreiben:unterschrieb
unterstützen:unterstützte untersuchen:untersuchte verabreden:verabredete
verabschieden:verabschiedete verbessern:verbesserte verbrauchen:verbrauchte
verbringen:verbrachte verdienen:verdiente vereinbaren:vereinbarte vergessen:vergaß
vergleichen:verglich verhalten:verhielt verhandeln:verhandelte verhindern:verhinderte
verkaufen:verkaufte verlangen:verlangte verlassen:verließ verlieben:verliebte
verlieren:verlor verlängern:verlängerte vermeiden:vermied vermieten:vermietete
vermissen:vermisste vermuten:vermutete verpassen:verpasste verschieben:verschob
verschreiben:verschrieb verschwenden:verschwendete verschwinden:verschwand
versichern:versicherte versprechen:versprach verspäten:verspätete verstecken:versteckte
verstehen:verstand versuchen:versuchte vertrauen:vertraute verursachen:verursachte
verwenden:verwendete verzichten:verzichtete verändern:veränderte
veröffentlichen:veröffentlichte wachen:wachte wandern:wanderte warnen:warnte warten:wartete
waschen:wusch wechseln:wechselte wecken:weckte weinen:weinte wenden:wandte werfen:warf
widersprechen:widersprach wiederholen:wiederholte wohnen:wohnte wundern:wunderte
wählen:wählte wünschen:wünschte zahlen:zahlte zeichnen:zeichnete zeigen:zeigte
zerstören:zerstörte ziehen:zog zweifeln:zweifelte zählen:zählte ändern:änderte
ärgern:ärgerte öffnen:öffnete üben:übte übernachten:übernachtete übernehmen:übernahm
übersetzen:übersetzte überweisen:überwies überzeugen:überzeugte
"""

# participle:lemma (lemmas separated by "/" when two verbs share the participle), from the
# vocabulary content: the verb at the end of a Perfekt clause decides the object's case.
PARTICIPLE_TABLE = """
abgebogen:abbiegen abgefahren:abfahren abgegeben:abgeben abgehangen:abhängen
abgehoben:abheben abgeholt:abholen abgelehnt:ablehnen abgemeldet:abmelden
abgenommen:abnehmen abgeschickt:abschicken abgeschlossen:abschließen abgewaschen:abwaschen
angeboten:anbieten angefangen:anfangen angekommen:ankommen angekreuzt:ankreuzen
angemacht:anmachen angemeldet:anmelden angenommen:annehmen angerufen:anrufen
angesehen:ansehen angestrengt:anstrengen angezogen:anziehen anprobiert:anprobieren
aufgefallen:auffallen aufgegeben:aufgeben aufgehängt:aufhängen aufgehört:aufhören
aufgeladen:aufladen aufgemacht:aufmachen aufgenommen:aufnehmen aufgepasst:aufpassen
aufgeregt:aufregen aufgeräumt:aufräumen aufgeschrieben:aufschreiben aufgestanden:aufstehen
aufgewacht:aufwachen ausgedruckt:ausdrucken ausgedrückt:ausdrücken ausgefallen:ausfallen
ausgefüllt:ausfüllen ausgegangen:ausgehen ausgegeben:ausgeben ausgekannt:auskennen
ausgeliehen:ausleihen ausgemacht:ausmachen ausgepackt:auspacken ausgeruht:ausruhen
ausgeräumt:ausräumen ausgeschaltet:ausschalten ausgeschlafen:ausschlafen ausgesehen:aussehen
ausgestiegen:aussteigen ausgesucht:aussuchen ausgezogen:ausziehen ausprobiert:ausprobieren
beantragt:beantragen beantwortet:beantworten bedankt:bedanken bedeutet:bedeuten
beeilt:beeilen beeinflusst:beeinflussen befunden:befinden befürchtet:befürchten
begonnen:beginnen begründet:begründen begrüßt:begrüßen behandelt:behandeln
behauptet:behaupten beigetragen:beitragen bekommen:bekommen bemerkt:bemerken bemüht:bemühen
benutzt:benutzen beraten:beraten berichtet:berichten beschlossen:beschließen
beschrieben:beschreiben beschwert:beschweren beschäftigt:beschäftigen besichtigt:besichtigen
besorgt:besorgen bestanden:bestehen bestellt:bestellen bestätigt:bestätigen besucht:besuchen
beteiligt:beteiligen betragen:betragen bewiesen:beweisen beworben:bewerben bezahlt:bezahlen
buchstabiert:buchstabieren diskutiert:diskutieren eingekauft:einkaufen eingeladen:einladen
eingenommen:einnehmen eingepackt:einpacken eingereicht:einreichen eingeschaltet:einschalten
eingeschlafen:einschlafen eingestellt:einstellen eingestiegen:einsteigen
eingetragen:eintragen eingeworfen:einwerfen eingezogen:einziehen empfohlen:empfehlen
engagiert:engagieren enthalten:enthalten entlassen:entlassen entschieden:entscheiden
entschuldigt:entschuldigen entspannt:entspannen entstanden:entstehen entwickelt:entwickeln
erfahren:erfahren erhalten:erhalten erholt:erholen erhöht:erhöhen erinnert:erinnern
erkannt:erkennen erklärt:erklären erkundigt:erkundigen erkältet:erkälten erlaubt:erlauben
erlebt:erleben erledigt:erledigen ermöglicht:ermöglichen ernährt:ernähren erreicht:erreichen
erschienen:erscheinen erwartet:erwarten erwähnt:erwähnen erzählt:erzählen eröffnet:eröffnen
ferngesehen:fernsehen festgestellt:feststellen fotografiert:fotografieren
funktioniert:funktionieren geachtet:achten geantwortet:antworten gearbeitet:arbeiten
geatmet:atmen gebacken:backen gebadet:baden gebaut:bauen gebeten:bitten geblieben:bleiben
geblutet:bluten geboten:bieten gebracht:bringen gebraucht:brauchen gebucht:buchen
gebügelt:bügeln gechattet:chatten gedacht:denken gedankt:danken gedauert:dauern
gedruckt:drucken gedrückt:drücken gedurft:dürfen geduscht:duschen geduzt:duzen
geeinigt:einigen gefahren:fahren gefallen:gefallen/fallen gefehlt:fehlen gefeiert:feiern
geflogen:fliegen gefordert:fordern gefragt:fragen gefreut:freuen gefroren:frieren
gefrühstückt:frühstücken gefunden:finden gefördert:fördern gefühlt:fühlen geführt:führen
gegangen:gehen gegeben:geben gegessen:essen geglaubt:glauben gegolten:gelten gegossen:gießen
gegrillt:grillen gegründet:gründen gegrüßt:grüßen gehabt:haben gehalten:halten
geheiratet:heiraten geheißen:heißen gehofft:hoffen geholfen:helfen geholt:holen
gehustet:husten gehört:hören/gehören geimpft:impfen gejoggt:joggen gekannt:kennen
gekauft:kaufen geklappt:klappen geklickt:klicken geklingelt:klingeln gekocht:kochen
gekommen:kommen gekonnt:können gekostet:kosten gekümmert:kümmern gekündigt:kündigen
geküsst:küssen gelacht:lachen gelandet:landen gelangweilt:langweilen gelassen:lassen
gelaufen:laufen gelebt:leben gelegen:liegen gelegt:legen geleistet:leisten geleitet:leiten
gelernt:lernen gelesen:lesen geliebt:lieben geliefert:liefern geliehen:leihen
gelitten:leiden gelogen:lügen gelohnt:lohnen gelungen:gelingen gelächelt:lächeln
gemacht:machen gemalt:malen gemeldet:melden gemerkt:merken gemessen:messen gemietet:mieten
gemocht:mögen gemusst:müssen genommen:nehmen genutzt:nutzen gepackt:packen geparkt:parken
gepasst:passen gepflegt:pflegen geputzt:putzen gerannt:rennen geraucht:rauchen
gerechnet:rechnen geregnet:regnen gereist:reisen gerettet:retten gerochen:riechen
gerufen:rufen gesagt:sagen gesammelt:sammeln geschafft:schaffen gescheitert:scheitern
geschenkt:schenken geschickt:schicken geschienen:scheinen geschlafen:schlafen
geschlossen:schließen geschmeckt:schmecken geschneit:schneien geschnitten:schneiden
geschrieben:schreiben geschwommen:schwimmen geschützt:schützen gesehen:sehen gesenkt:senken
gesessen:sitzen gesetzt:setzen gesollt:sollen gesorgt:sorgen gespart:sparen
gespeichert:speichern gespielt:spielen gesprochen:sprechen gespült:spülen gestanden:stehen
gestellt:stellen gestiegen:steigen gestimmt:stimmen gestohlen:stehlen gestorben:sterben
gestritten:streiten gestört:stören gesucht:suchen gesungen:singen gesunken:sinken
gesurft:surfen getan:tun getankt:tanken getanzt:tanzen getauscht:tauschen getragen:tragen
getrennt:trennen getroffen:treffen getrunken:trinken geträumt:träumen gewandert:wandern
gewandt:wenden gewarnt:warnen gewartet:warten gewaschen:waschen gewechselt:wechseln
geweckt:wecken geweint:weinen gewesen:sein gewohnt:wohnen gewollt:wollen gewonnen:gewinnen
geworden:werden geworfen:werfen gewundert:wundern gewusst:wissen gewählt:wählen
gewöhnt:gewöhnen gewünscht:wünschen gezahlt:zahlen gezeichnet:zeichnen gezeigt:zeigen
gezogen:ziehen gezweifelt:zweifeln gezählt:zählen geändert:ändern geärgert:ärgern
geöffnet:öffnen geübt:üben gratuliert:gratulieren heruntergeladen:herunterladen
hingefallen:hinfallen hingelegt:hinlegen hochgeladen:hochladen informiert:informieren
interessiert:interessieren kaputtgegangen:kaputtgehen kennengelernt:kennenlernen
kontrolliert:kontrollieren konzentriert:konzentrieren korrigiert:korrigieren
krankgeschrieben:krankschreiben losgefahren:losfahren mitgebracht:mitbringen
mitgekommen:mitkommen mitgemacht:mitmachen mitgenommen:mitnehmen nachgedacht:nachdenken
nachgesehen:nachsehen passiert:passieren probiert:probieren reagiert:reagieren
renoviert:renovieren repariert:reparieren reserviert:reservieren stattgefunden:stattfinden
studiert:studieren teilgenommen:teilnehmen telefoniert:telefonieren trainiert:trainieren
umarmt:umarmen umgegangen:umgehen umgestiegen:umsteigen umgetauscht:umtauschen
umgezogen:umziehen unterhalten:unterhalten unterrichtet:unterrichten
unterschieden:unterscheiden unterschrieben:unterschreiben unterstützt:unterstützen
untersucht:untersuchen verabredet:verabreden verabschiedet:verabschieden
verbessert:verbessern verbracht:verbringen verbraucht:verbrauchen verdient:verdienen
vereinbart:vereinbaren vergessen:vergessen verglichen:vergleichen verhalten:verhalten
verhandelt:verhandeln verhindert:verhindern verkauft:verkaufen verlangt:verlangen
verlassen:verlassen verliebt:verlieben verloren:verlieren verlängert:verlängern
vermieden:vermeiden vermietet:vermieten vermisst:vermissen vermutet:vermuten
verpasst:verpassen verschoben:verschieben verschrieben:verschreiben
verschwendet:verschwenden verschwunden:verschwinden versichert:versichern
versprochen:versprechen verspätet:verspäten verstanden:verstehen versteckt:verstecken
versucht:versuchen vertraut:vertrauen verursacht:verursachen verwendet:verwenden
verzichtet:verzichten verändert:verändern veröffentlicht:veröffentlichen
vorbeigekommen:vorbeikommen vorbereitet:vorbereiten vorgehabt:vorhaben vorgekommen:vorkommen
vorgelesen:vorlesen vorgeschlagen:vorschlagen vorgestellt:vorstellen weggegangen:weggehen
weggeworfen:wegwerfen wehgetan:wehtun widersprochen:widersprechen wiederholt:wiederholen
wohlgefühlt:wohlfühlen zerstört:zerstören zugehört:zuhören zugemacht:zumachen
zugenommen:zunehmen zugeschaut:zuschauen zugestimmt:zustimmen zurechtgekommen:zurechtkommen
zurückgefahren:zurückfahren zurückgegeben:zurückgeben zurückgekommen:zurückkommen
zurückgerufen:zurückrufen zusammengefasst:zusammenfassen übernachtet:übernachten
übernommen:übernehmen übersetzt:übersetzen überwiesen:überweisen überzeugt:überzeugen
"""

# Adjectives from the vocabulary content (and a few determiner-like ones), to recognise a
# declined adjective ending in -er ("ein neuer Computer") safely.
KNOWN_ADJECTIVES: frozenset[str] = _words(
    """
    abhängig aktuell allergisch allgemein alt angestellt ansteckend befristet bekannt beliebt
    bequem bereit berühmt besetzt bewölkt billig blau braun böse deutlich dick dringend dumm
    dunkel durstig dünn ehrgeizig ehrlich eigen einfach endgültig eng erfahren erfolgreich
    ernst erschöpft erwachsen falsch faul fertig finanziell fit fleißig flexibel frei
    freiwillig fremd freundlich frisch froh früh furchtbar ganz geduldig geeignet gefährlich
    gelb gemütlich gerecht gering geschieden geschlossen gesetzlich gesund geöffnet gleich
    glücklich grau groß grün gründlich gut gültig günstig halb hart heiß hell hilfsbereit
    hoch hungrig hässlich häufig höflich hübsch interessant jung jährlich kalt kaputt klein
    klug knapp kompliziert konkret kostenlos krank kritisch kurz kühl lang langsam langweilig
    laut lecker ledig leer leicht leise lustig modern mutig möglich müde nachhaltig nah nass
    nervös nett neu neugierig notwendig nötig nützlich offen ordentlich peinlich politisch
    praktisch preiswert pünktlich rechtzeitig regelmäßig richtig rot ruhig salzig satt sauber
    sauer scharf schlank schlecht schmutzig schnell schrecklich schwanger schwarz schwer
    schwierig schädlich schön schüchtern selbstbewusst selbstständig selten seltsam sicher
    sinnvoll sonnig sorgfältig sozial spannend spät stolz streng ständig sympathisch süß teuer
    toll traurig trocken typisch umweltfreundlich unabhängig ungeduldig unterschiedlich
    vegetarisch verantwortlich verheiratet vernünftig verschieden voll vollständig warm weich
    weit weiß wichtig windig wirtschaftlich witzig wunderbar wütend zufrieden zufällig
    zuständig zusätzlich zuverlässig ähnlich öffentlich üblich ander letzt nächst erst
    """
)

# Separable verbs as prefix|base, for rebuilding verb-final clauses ("weil ich dich anrufe").
SEPARABLE: frozenset[str] = _words(
    """
    ab|biegen ab|fahren ab|geben ab|heben ab|holen ab|hängen ab|lehnen ab|melden ab|nehmen
    ab|sagen ab|schicken ab|schließen ab|waschen an|bieten an|fangen an|kommen an|kreuzen
    an|machen an|melden an|nehmen an|probieren an|rufen an|sehen an|strengen an|ziehen
    auf|fallen auf|geben auf|hängen auf|hören auf|laden auf|machen auf|nehmen auf|passen
    auf|regen auf|räumen auf|schreiben auf|stehen auf|wachen aus|drucken aus|drücken
    aus|fallen aus|füllen aus|geben aus|gehen aus|kennen aus|leihen aus|machen aus|packen
    aus|probieren aus|ruhen aus|räumen aus|schalten aus|schlafen aus|sehen aus|steigen
    aus|suchen aus|ziehen bei|tragen ein|kaufen ein|laden ein|nehmen ein|packen ein|reichen
    ein|schalten ein|schlafen ein|steigen ein|stellen ein|tragen ein|werfen ein|ziehen
    fern|sehen fest|stellen herunter|laden hin|fallen hin|legen hoch|laden kaputt|gehen
    kennen|lernen krank|schreiben los|fahren los|gehen mit|bringen mit|fahren mit|gehen
    mit|kommen mit|machen mit|nehmen nach|denken nach|sehen statt|finden teil|nehmen um|gehen
    um|steigen um|tauschen um|ziehen vorbei|kommen vor|bereiten vor|haben vor|kommen vor|lesen
    vor|schlagen vor|stellen weg|fahren weg|gehen weg|werfen weh|tun wohl|fühlen
    zurecht|kommen zurück|fahren zurück|geben zurück|gehen zurück|kommen zurück|rufen
    zusammen|fassen zu|hören zu|machen zu|nehmen zu|schauen zu|stimmen
    """
)

# Present tense du/er forms of stem-changing verbs (the other persons are regular).
STEM_CHANGES: dict[str, tuple[str, str]] = {
    "fahren": ("fährst", "fährt"),
    "erfahren": ("erfährst", "erfährt"),
    "schlafen": ("schläfst", "schläft"),
    "laufen": ("läufst", "läuft"),
    "tragen": ("trägst", "trägt"),
    "betragen": ("beträgst", "beträgt"),
    "schlagen": ("schlägst", "schlägt"),
    "fallen": ("fällst", "fällt"),
    "gefallen": ("gefällst", "gefällt"),
    "fangen": ("fängst", "fängt"),
    "halten": ("hältst", "hält"),
    "enthalten": ("enthältst", "enthält"),
    "erhalten": ("erhältst", "erhält"),
    "unterhalten": ("unterhältst", "unterhält"),
    "verhalten": ("verhältst", "verhält"),
    "lassen": ("lässt", "lässt"),
    "verlassen": ("verlässt", "verlässt"),
    "entlassen": ("entlässt", "entlässt"),
    "waschen": ("wäschst", "wäscht"),
    "laden": ("lädst", "lädt"),
    "beraten": ("berätst", "berät"),
    "geben": ("gibst", "gibt"),
    "sehen": ("siehst", "sieht"),
    "lesen": ("liest", "liest"),
    "essen": ("isst", "isst"),
    "vergessen": ("vergisst", "vergisst"),
    "messen": ("misst", "misst"),
    "nehmen": ("nimmst", "nimmt"),
    "übernehmen": ("übernimmst", "übernimmt"),
    "sprechen": ("sprichst", "spricht"),
    "versprechen": ("versprichst", "verspricht"),
    "widersprechen": ("widersprichst", "widerspricht"),
    "treffen": ("triffst", "trifft"),
    "helfen": ("hilfst", "hilft"),
    "werfen": ("wirfst", "wirft"),
    "sterben": ("stirbst", "stirbt"),
    "empfehlen": ("empfiehlst", "empfiehlt"),
    "stehlen": ("stiehlst", "stiehlt"),
    "gelten": ("giltst", "gilt"),
    "bewerben": ("bewirbst", "bewirbt"),
}

# Full paradigms (ich, du, er, wir, ihr, sie): present of the irregular verbs, and the past
# and Konjunktiv II of the auxiliaries and modals, whose person endings learners also mix up.
IRREGULAR_PRESENT: dict[str, tuple[str, str, str, str, str, str]] = {
    "sein": ("bin", "bist", "ist", "sind", "seid", "sind"),
    "haben": ("habe", "hast", "hat", "haben", "habt", "haben"),
    "werden": ("werde", "wirst", "wird", "werden", "werdet", "werden"),
    "wissen": ("weiß", "weißt", "weiß", "wissen", "wisst", "wissen"),
    "tun": ("tue", "tust", "tut", "tun", "tut", "tun"),
    "können": ("kann", "kannst", "kann", "können", "könnt", "können"),
    "müssen": ("muss", "musst", "muss", "müssen", "müsst", "müssen"),
    "wollen": ("will", "willst", "will", "wollen", "wollt", "wollen"),
    "dürfen": ("darf", "darfst", "darf", "dürfen", "dürft", "dürfen"),
    "sollen": ("soll", "sollst", "soll", "sollen", "sollt", "sollen"),
    "mögen": ("mag", "magst", "mag", "mögen", "mögt", "mögen"),
    "möchten": ("möchte", "möchtest", "möchte", "möchten", "möchtet", "möchten"),
}
IRREGULAR_PAST: dict[str, tuple[str, str, str, str, str, str]] = {
    "sein": ("war", "warst", "war", "waren", "wart", "waren"),
    "haben": ("hatte", "hattest", "hatte", "hatten", "hattet", "hatten"),
    "werden": ("wurde", "wurdest", "wurde", "wurden", "wurdet", "wurden"),
    "wissen": ("wusste", "wusstest", "wusste", "wussten", "wusstet", "wussten"),
    "können": ("konnte", "konntest", "konnte", "konnten", "konntet", "konnten"),
    "müssen": ("musste", "musstest", "musste", "mussten", "musstet", "mussten"),
    "wollen": ("wollte", "wolltest", "wollte", "wollten", "wolltet", "wollten"),
    "dürfen": ("durfte", "durftest", "durfte", "durften", "durftet", "durften"),
    "sollen": ("sollte", "solltest", "sollte", "sollten", "solltet", "sollten"),
    "mögen": ("mochte", "mochtest", "mochte", "mochten", "mochtet", "mochten"),
}
IRREGULAR_SUBJUNCTIVE: dict[str, tuple[str, str, str, str, str, str]] = {
    "sein": ("wäre", "wärst", "wäre", "wären", "wärt", "wären"),
    "haben": ("hätte", "hättest", "hätte", "hätten", "hättet", "hätten"),
    "werden": ("würde", "würdest", "würde", "würden", "würdet", "würden"),
    "können": ("könnte", "könntest", "könnte", "könnten", "könntet", "könnten"),
    "müssen": ("müsste", "müsstest", "müsste", "müssten", "müsstet", "müssten"),
    "dürfen": ("dürfte", "dürftest", "dürfte", "dürften", "dürftet", "dürften"),
}
MODALS: frozenset[str] = frozenset(
    {"können", "müssen", "wollen", "dürfen", "sollen", "mögen", "möchten"}
)
# Verbs whose "subject" in learner German is usually a misplaced dative experiencer
# ("ich gefällt" for "mir gefällt"): a conjugation fix would be the wrong fix, so no flag.
DATIVE_EXPERIENCER_VERBS: frozenset[str] = frozenset(
    {"gefallen", "schmecken", "fehlen", "gehören", "passen", "gelingen", "passieren", "tun"}
)
# Present-tense forms that are also everyday interjections or determiners.
NOT_VERBS: frozenset[str] = frozenset({"bitte", "danke"})  # not checked for agreement
DETERMINER_LIKE_FORMS: frozenset[str] = frozenset({"meine", "meinen", "liebe", "lieben", "sein"})

# Nominative personal pronouns and the persons they can take (indices into PERSON_LABELS).
SUBJECT_PRONOUNS: dict[str, frozenset[int]] = {
    "ich": frozenset({0}),
    "du": frozenset({1}),
    "er": frozenset({2}),
    "es": frozenset({2}),
    "man": frozenset({2}),
    "sie": frozenset({2, 5}),
    "wir": frozenset({3}),
    "ihr": frozenset({4}),
}
# Pronouns that can only be nominative: safe to read as the subject after the verb.
NOMINATIVE_ONLY: frozenset[str] = frozenset({"ich", "du", "er", "wir", "man"})

SUBORDINATORS: frozenset[str] = _words(
    """
    weil dass wenn ob obwohl als nachdem bevor damit während bis seit seitdem sobald solange
    falls sodass da ehe indem obgleich wie wo wohin woher was wer wann warum wieso
    """
)
# Subordinators after which "pronoun + finite verb + more" is certainly a misplaced verb.
VERB_FINAL_SUBORDINATORS: frozenset[str] = frozenset(
    {"weil", "dass", "wenn", "ob", "obwohl", "nachdem", "bevor", "falls", "sobald"}
)
COORDINATORS: frozenset[str] = frozenset({"und", "oder", "aber", "denn", "sondern"})
# Words a chat message may open with before the clause proper ("ja ich komme").
DISCOURSE_WORDS: frozenset[str] = _words(
    """
    ja nein nee jo hallo hi hey ok okay also naja na ach ah oh tja gut super klar genau
    danke bitte sorry hm hmm
    """
)

# Time and sentence adverbs that fill the first position of a main clause on their own.
FRONT_ADVERBS: frozenset[str] = _words(
    """
    heute morgen gestern übermorgen vorgestern jetzt dann danach später bald manchmal oft
    selten nie niemals abends morgens mittags nachmittags vormittags nachts montags dienstags
    mittwochs donnerstags freitags samstags sonntags zuerst vorher nachher damals sofort
    früher zuletzt endlich plötzlich anschließend inzwischen mittlerweile heutzutage hier
    dort deshalb deswegen darum trotzdem leider vielleicht außerdem sonst dafür dabei
    """
)
# Second words of time phrases: "heute Abend", "morgen früh".
TIME_SECOND_WORDS: frozenset[str] = frozenset(
    {"früh", "morgen", "vormittag", "mittag", "nachmittag", "abend", "nacht"}
)
# Time determiners: "letzte Woche", "jeden Tag", "nächstes Jahr".
TIME_DETERMINERS: frozenset[str] = _words(
    """
    letzte letzten letztes nächste nächsten nächstes diese diesen dieses jede jeden jedes
    """
)
# Question words and fronted objects after which the finite verb comes straight away.
QUESTION_WORDS: frozenset[str] = _words(
    """
    was wo wann wie warum wieso weshalb woher wohin wer wen wem welche welcher welches
    welchen
    """
)
FRONT_OBJECTS: frozenset[str] = frozenset(
    {"das", "dies", "mich", "dich", "ihn", "uns", "euch", "mir", "dir", "ihm", "da", "so"}
)
WIE_PHRASE_SECOND: frozenset[str] = frozenset(
    {"alt", "viel", "viele", "lange", "oft", "spät", "weit", "groß", "teuer"}
)

ACCUSATIVE_PREPOSITIONS: frozenset[str] = frozenset({"durch", "für", "gegen", "ohne", "um"})
DATIVE_PREPOSITIONS: frozenset[str] = frozenset(
    {"aus", "bei", "mit", "nach", "seit", "von", "zu", "außer", "gegenüber"}
)
TWO_WAY_PREPOSITIONS: frozenset[str] = frozenset(
    {"in", "an", "auf", "über", "unter", "vor", "hinter", "neben", "zwischen"}
)
GENITIVE_PREPOSITIONS: frozenset[str] = frozenset(
    {"wegen", "während", "trotz", "statt", "anstatt", "innerhalb", "außerhalb"}
)
CONTRACTED_PREPOSITIONS: frozenset[str] = frozenset(
    {"am", "im", "ins", "ans", "zum", "zur", "vom", "beim", "aufs", "ums", "fürs"}
)
# Prepositions that open a fronted phrase in "Am Montag ich gehe..." (V2 rule).
PHRASE_PREPOSITIONS: frozenset[str] = (
    ACCUSATIVE_PREPOSITIONS
    | DATIVE_PREPOSITIONS
    | TWO_WAY_PREPOSITIONS
    | CONTRACTED_PREPOSITIONS
    | {"ab", "während"}
) - {"um"}

# "Auf Wiedersehen ich gehe jetzt": a greeting, not a fronted phrase.
GREETING_NOUNS: frozenset[str] = _words("Wiedersehen Wiederhören Wiederschauen")

# Transitive verbs whose first object after "ich <verb>" is accusative when no second noun
# phrase follows (with a second one the first may be a dative: "Ich kaufe dem Kind ein Eis").
ACCUSATIVE_VERBS: frozenset[str] = _words(
    """
    haben brauchen sehen hören kaufen suchen kennen lieben mögen möchten nehmen essen trinken
    lesen besuchen bestellen treffen verstehen vergessen bekommen mieten bezahlen kochen putzen
    besichtigen fotografieren reparieren tragen waschen öffnen schließen benutzen vermissen
    heiraten verlieren gewinnen hassen fragen reservieren buchen
    """
)
# Verbs with a dative recipient and an accusative object: after "mir", "dir"... the next
# noun phrase is the accusative ("Ich gebe dir einen Apfel").
DITRANSITIVE_VERBS: frozenset[str] = _words(
    """
    geben schenken zeigen schreiben schicken bringen erklären erzählen leihen empfehlen
    kaufen kochen bestellen reservieren öffnen wünschen bieten mitbringen zurückgeben
    verkaufen holen machen backen vorstellen
    """
)
DATIVE_PRONOUNS: frozenset[str] = _words("mir dir ihm uns euch ihnen")
# Verbs whose object is a dative ("Ich helfe einer Frau"): an article after them may be dative.
DATIVE_VERBS: frozenset[str] = _words(
    """
    helfen danken gefallen gehören antworten gratulieren folgen glauben vertrauen schmecken
    passen fehlen begegnen widersprechen raten
    """
)
# Verbs whose only object is a dative: "Ich helfe dem Mann", never "den Mann".
DATIVE_OBJECT_VERBS: frozenset[str] = _words(
    "helfen danken gratulieren antworten folgen vertrauen widersprechen begegnen"
)
# Adjectives with a dative complement: "Er ist seinem Vater ähnlich", "Das ist mir egal".
DATIVE_ADJECTIVES: frozenset[str] = _words(
    """
    ähnlich egal wichtig recht bekannt dankbar peinlich treu nahe fremd behilflich böse
    schuldig überlegen unbekannt lieb angenehm unangenehm gleich klar schwer leicht
    """
)
# Verbs that take a clause ("Ich finde der Film ist gut"): no object case can be inferred.
SAY_THINK_VERBS: frozenset[str] = _words(
    "wissen glauben denken hoffen meinen sagen finden fürchten vermuten nennen"
)
# Verbs of place: "in", "an", "auf"... after them take the dative ("Ich wohne in der Stadt").
LOCATION_VERBS: frozenset[str] = _words(
    "wohnen leben übernachten schlafen arbeiten bleiben sitzen liegen studieren"
)
# Verbs of motion: "mit", "zu", "aus" after them open a prepositional phrase.
MOTION_VERBS: frozenset[str] = _words("fahren kommen gehen laufen fliegen steigen reisen")
COPULA_FORMS: frozenset[str] = _words(
    """
    bin bist ist sind seid war warst waren wart wird wirst werden werdet wurde wurden
    bleibe bleibst bleibt bleiben
    """
)
# Clause-taking verbs after which "das" may be "dass" misspelt or a pronoun.
SAY_THINK_FORMS: frozenset[str] = _words(
    """
    weiß weißt wissen wisst glaube glaubst glaubt glauben denke denkst denkt denken hoffe
    hoffst hofft hoffen meine meinst meint meinen sage sagst sagt sagen finde findest findet
    finden fürchte vermute nenne nennst nennt nennen
    """
)
# Nouns used without an article as adverbials or in fixed phrases: "das" before them may be
# the pronoun ("Ich mache das Montag").
BARE_NOUNS: frozenset[str] = _words(
    """
    Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Januar Februar März April Mai
    Juni Juli August September Oktober November Dezember Anfang Mitte Ende Schritt
    """
)
# Nouns learners usually mean as another word: "eine Email" is an e-mail (die E-Mail), not
# enamel (das Email).
MISREAD_NOUNS: frozenset[str] = _words("Email Emails")
# Adverbs that may stand between a verb and its object: "Ich esse gern einen Apfel".
MIDFIELD_ADVERBS: frozenset[str] = _words(
    """
    gern gerne heute morgen gestern oft immer auch noch schon jetzt nicht nie sehr wirklich
    lieber manchmal bald wieder endlich natürlich vielleicht leider selten hier dort
    """
)
# Words between an article and a noun that look like declined adjectives but are not.
NOT_ADJECTIVES: frozenset[str] = _words(
    """
    bisschen paar wenig wenige einige einigen viele vielen manche manchen gerne eben ebene
    aber oder sehr wieder immer schon noch nie
    """
)

# Perfekt auxiliaries. Participles that only ever take sein (no transitive or regional haben
# use): "ich habe gegangen" is always wrong. Deliberately absent: gefahren, geflogen,
# gelaufen, geschwommen, gerannt, gesprungen, gezogen (and its compounds), gefallen (also
# the participle of gefallen, with haben), passiert, gelandet, abgefahren, gefolgt, and the
# southern-standard sein-verbs gestanden, gesessen, gelegen.
SEIN_ONLY_PARTICIPLES: frozenset[str] = _words(
    """
    gegangen gekommen geblieben gewesen geworden gestorben geschehen gewachsen aufgewachsen
    gereist verreist gewandert gestiegen gesunken gestolpert geflohen gescheitert
    erschienen verschwunden entstanden gelungen begegnet aufgestanden aufgewacht
    eingeschlafen angekommen mitgekommen zurückgekommen vorbeigekommen zurechtgekommen
    vorgekommen weggegangen ausgegangen losgegangen zurückgegangen kaputtgegangen
    eingestiegen ausgestiegen umgestiegen hingefallen ausgefallen aufgefallen ausgerutscht
    """
)
# Participles that never follow sein for a subject that is a person (ich, du, wir, ihr):
# "ich bin gegessen" is always wrong (no state-passive or adjective reading for a person).
HABEN_ONLY_PERSONAL: frozenset[str] = _words(
    """
    gegessen getrunken gehabt geschlafen gelacht geweint telefoniert gefrühstückt gehustet
    geträumt gelächelt gearbeitet gespielt gesagt gekocht gelesen geschrieben gesprochen
    gelernt getanzt gesungen geholfen gewartet gedacht gewusst geraucht gelebt geschwiegen
    übernachtet gechattet geantwortet
    """
)
# ... and those that are wrong after sein with er/sie (a person or thing) as well.
HABEN_ONLY_THIRD_PERSON: frozenset[str] = _words(
    """
    gegessen getrunken gehabt geschlafen gelacht geweint telefoniert gefrühstückt gehustet
    geträumt gelächelt geholfen geschwiegen übernachtet gechattet
    """
)
# With es (weather and impersonal verbs).
HABEN_ONLY_ES: frozenset[str] = frozenset({"geregnet", "geschneit", "gehabt", "gedauert"})

# Prefixes that stand at the end of a main clause and join the verb in a verb-final clause.
SEPARABLE_PREFIXES: frozenset[str] = frozenset(item.split("|")[0] for item in SEPARABLE)
# Separable prefixes that are nothing else at the end of a clause.
PARTICLES: frozenset[str] = _words(
    "an auf aus ein ab zu vor weg los zurück hin her mit nach bei um vorbei durch fest"
)
# Infinitives that make an Ersatzinfinitiv: "weil ich habe arbeiten müssen" is correct.
ERSATZ_INFINITIVES: frozenset[str] = frozenset(
    {"müssen", "können", "wollen", "dürfen", "sollen", "mögen", "lassen", "sehen", "hören"}
)


# ---------------------------------------------------------------------------------------------
# Spelling (spelling.py)

# Every lowercase non-noun lemma of the vocabulary content (adjectives, adverbs, prepositions,
# conjunctions, numerals, pronouns, determiners, particles, interjections): a lowercase word
# here is never reported as a noun written lowercase, and counts as known spelling.
CATALOGUE_NON_NOUNS: frozenset[str] = _words(
    """
    abends aber abhängig acht achtzig aktuell alle allein allerdings allergisch alles allgemein
    als alt an angestellt anschließend anstatt ansteckend auch auf aufgrund aus außer außerdem
    außerhalb bald befristet bei beide bekannt beliebt bequem bereit bereits berühmt besetzt
    besonders bestimmt bevor bewölkt billig bis bisher bitte blau bloß braun brutto böse da
    daher damals damit danach dank danke dann dass dein denn dennoch der deshalb desto deswegen
    deutlich dick dieser doch dort draußen drei dreizehn dreißig dringend drinnen du dumm dunkel
    durch durstig dünn eben ebenfalls eher ehrgeizig ehrlich eigen eigentlich ein einfach einige
    eins elf endgültig endlich eng entlang entweder er erfahren erfolgreich ernst erschöpft erst
    erwachsen es etwas euer eventuell falls falsch fast faul fertig finanziell fit fleißig
    flexibel frei freiwillig fremd freundlich frisch froh früh früher furchtbar fünf fünfzig für
    ganz geduldig geeignet gefährlich gegen gegenüber gelb gemütlich genau genug gerade
    geradeaus gerecht gering gern geschieden geschlossen gesetzlich gestern gesund geöffnet
    gleich gleichfalls gleichzeitig glücklich grau groß grün gründlich gut gültig günstig halb
    hallo halt hart heiß hell heute hier hilfsbereit hinten hinter hoch hoffentlich hundert
    hungrig hässlich häufig höchstens höflich hübsch ich ihr immer immerhin in indem innerhalb
    insgesamt interessant inzwischen irgendetwas irgendjemand irgendwann irgendwie irgendwo ja
    je jedenfalls jeder jedoch jemand jetzt jung jährlich kalt kaputt kaum kein klein klug knapp
    kompliziert konkret kostenlos krank kritisch kurz kühl lang langsam langweilig laut lecker
    ledig leer leicht leider leise lieber links lustig längst mal man manche manchmal mehrere
    mein meistens mindestens mit modern morgen morgens mutig möglich möglicherweise müde nach
    nachdem nachhaltig nachher nah nass natürlich neben nein nervös nett neu neugierig neulich
    neun neunzig nicht nichts nie niemals niemand noch normalerweise notwendig null nur nämlich
    nötig nützlich ob oben obwohl oder offen oft ohne ordentlich peinlich plötzlich politisch
    praktisch preiswert prost pünktlich rechts rechtzeitig regelmäßig richtig rot ruhig salzig
    satt sauber sauer schade scharf schlank schlecht schließlich schmutzig schnell schon
    schrecklich schwanger schwarz schwer schwierig schädlich schön schüchtern sechs sechzehn
    sechzig sehr sein seit seitdem selbst selbstbewusst selbstständig selbstverständlich selten
    seltsam sicher sie sieben siebzehn siebzig sinnvoll so sobald sodass sofort sogar solange
    sondern sonnig sonst sorgfältig sowieso sowohl sozial spannend spät später statt stattdessen
    stolz streng ständig sympathisch süß tatsächlich tausend teilweise teuer toll traurig
    trocken trotz trotzdem tschüss typisch um umweltfreundlich unabhängig unbedingt und
    ungeduldig ungefähr unser unten unter unterschiedlich unterwegs vegetarisch verantwortlich
    verheiratet vermutlich vernünftig verschieden viel vielleicht vier vierzig voll vollständig
    von vor vorgestern vorher vorne völlig wahrscheinlich wann warm warum was weder wegen weich
    weil weit weiß welcher wenig wenigstens wenn wer wichtig wie wieder windig wir wirklich
    wirtschaftlich witzig wo woher wohin wohl wunderbar während wütend zehn ziemlich zu zuerst
    zufrieden zufällig zumindest zunächst zurzeit zusammen zuständig zusätzlich zuverlässig
    zwanzig zwar zwei zwischen zwölf ähnlich äußerst öffentlich über überall überhaupt
    übermorgen üblich übrigens
    """
)

# More words that are written lowercase although german-nouns knows a capitalised homograph
# ("das Ich", "das Hallo", "die Acht", "ein paar"), and fixed lowercase uses ("es tut mir
# leid", "schuld sein", "heute früh", "klasse!").
LOWERCASE_WORDS: frozenset[str] = _words(
    """
    ich du er sie es wir ihr man mich dich sich uns euch mir dir ihm ihn ihnen wer was wen wem
    der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner
    mein meine dein deine sein seine ihr ihre unser unsere euer eure alle alles allen aller
    jemand niemand etwas nichts viel viele wenig wenige paar bisschen beiden beide andere
    anderen anderer anderes meisten meiste jeder jede jedes jeden manche mancher einige
    hallo tschüss tschüs servus moin ja nein doch okay ok mal einmal zweimal danke bitte
    null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig
    hundert tausend million erste zweite dritte
    morgen heute gestern übermorgen vorgestern früh abends morgens mittags nachmittags
    nachts vormittags montags dienstags mittwochs donnerstags freitags samstags sonntags
    leid schuld recht unrecht angst pleite klasse spitze super prima ernst wert weg heim
    zuhause links rechts oben unten vorne hinten innen außen drinnen draußen mitten
    falls anfangs teils zwecks dank trotz kraft laut statt mittels namens seitens
    deutsch englisch französisch spanisch italienisch russisch türkisch polnisch arabisch
    gern gerne sehr immer nie oft schon noch auch nur so wie wo wann warum woher wohin
    hier da dort dann jetzt bald sofort gleich genug fast ganz total echt wirklich vielleicht
    mehr weh los arm reich fern frei wach schade egal plus minus
    teil statt fest preis heim kaputt bar extra perfekt inklusive exklusive online gratis
    ach oh ah aha na tja hm hmm äh ähm naja juhu igitt pst
    """
)

# Non-noun words spelled with ß (nouns and verb forms come from german-nouns and the verb
# table): "gross", "süss" and "weiss" are wrong in Germany and Austria.
SHARP_S_WORDS: frozenset[str] = _words(
    """
    groß größer größte süß weiß heiß bloß fleißig gemäß regelmäßig mäßig außer außen draußen
    außerdem außerhalb dreißig weiß weißt heißt heiße heißen gießen genießen schließlich
    spaßig gewiß äußerst
    """
)

# Determiners after which a word is a noun or an adjective, never a verb ("eine frage").
NOUN_DETERMINERS: frozenset[str] = _words(
    """
    ein eine einen einem einer eines kein keine keinen keinem keiner keines mein meinen
    meinem meiner meines dein deine deinen deinem deiner deines seine seinen seinem seiner
    seines unser unsere unseren unserem unserer euer eure euren eurem eurer dem des zum zur
    im ins am vom beim dieser diese dieses diesen diesem jeder jede jedes jeden jedem
    """
)

# Determiners that only head a singular noun phrase.
SINGULAR_DETERMINERS: frozenset[str] = _words(
    "ein eine einen einem einer eines jeden jede jedes jedem jeder dem des dieses diesem"
)
# Participles of verbs that take sein for movement to a place and haben with an object
# ("ist nach Berlin gefahren", "hat das Auto gefahren"); compounds end the same way.
DIRECTION_PARTICIPLES: tuple[str, ...] = (
    "gefahren",
    "geflogen",
    "gelaufen",
    "geschwommen",
    "geritten",
    "gesegelt",
    "gerudert",
    "umgezogen",
)
# Accusative or reflexive pronouns that may be an object ("hat mich nach Hause gefahren",
# "hat sich umgezogen").
OBJECT_PRONOUNS: frozenset[str] = _words("mich dich sich uns euch ihn es sie ihnen")
DIRECTION_CONTRACTIONS: frozenset[str] = _words("ins ans aufs zum zur")
# "ihr" as a possessive before an object ("hat ihren Sohn zur Schule gefahren").
IHR_DETERMINERS: frozenset[str] = _words("ihr ihre ihren ihrem ihrer ihres")
# "Der Frau ist kalt": a dative with sein and these words is not the subject.
DATIVE_STATE_WORDS: frozenset[str] = _words(
    "kalt warm heiß schlecht übel schwindlig langweilig egal recht wichtig klar"
)
# Dative plurals after a preposition: numbers and determiners that make a noun plural, and
# nouns of measure that stay uninflected after a number ("seit zwei Uhr", "mit drei Euro").
PLURAL_NUMBERS: frozenset[str] = _words(
    "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig hundert beiden"
)
PLURAL_DETERMINERS: frozenset[str] = _words("die meine deine seine ihre unsere eure keine diese")
MEASURE_NOUNS: frozenset[str] = _words(
    """
    Uhr Euro Cent Prozent Grad Kilo Gramm Liter Meter Kilometer Zentimeter Mal Stück Dollar
    Pfund Glas Paar Dutzend Mann Franken Kilogramm Tonnen
    """
)
# Words before an adjective or adverb, never before a bare noun ("sehr aktiv").
INTENSIFIERS: frozenset[str] = _words(
    "sehr ganz völlig ziemlich total echt so besonders wirklich extrem relativ"
)
# Nouns of time that make an accusative adverbial after dies-/jed- ("diese Woche").
TIME_NOUNS: frozenset[str] = _words(
    """
    Tag Woche Monat Jahr Morgen Vormittag Mittag Nachmittag Abend Nacht Wochenende Mal
    Sommer Winter Frühling Herbst Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag
    Semester Stunde Minute
    """
)
# Everyday English words that are not German words: two of them in a message mean the
# learner is (partly) writing English, which the spelling rules leave alone.
ENGLISH_WORDS: frozenset[str] = _words(
    """
    the is are my your you what how does do this that have has am can please thanks thank
    with of to it's i'm don't dont can't word mean means say said why where when who which
    know understand sorry yes no not but because would should could
    """
)
# Languages as nouns: singular, never the plural subject of "ihr lernen Deutsch".
LANGUAGE_NOUNS: frozenset[str] = _words(
    """
    Deutsch Englisch Französisch Spanisch Italienisch Russisch Türkisch Polnisch Arabisch
    Chinesisch Japanisch Portugiesisch Niederländisch Griechisch Ukrainisch Persisch
    """
)
