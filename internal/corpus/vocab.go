package corpus

// The fixed vocabulary of the corpus: languages, URL segments, themes,
// countries and the words bodies are made of. Everything a page says comes
// from these tables through the seeded generator, so the same seed gives the
// same bytes.

var langs = []string{"en", "es", "pt"}

var langInfo = map[string][2]string{
	"en": {"English", "EU–Latin America Cooperation Programmes"},
	"es": {"Español", "Programas de cooperación UE–América Latina"},
	"pt": {"Português", "Programas de cooperação UE–América Latina"},
}

// segments are the localized URL segments, in site.yaml order.
var segments = []struct {
	key string
	seg [3]string
}{
	{"regions", [3]string{"regions", "regiones", "regioes"}},
	{"events", [3]string{"events", "eventos", "eventos"}},
	{"newsletters", [3]string{"newsletters", "boletines", "boletins"}},
	{"case-studies", [3]string{"case-studies", "estudios-de-caso", "estudos-de-caso"}},
	{"themes", [3]string{"themes", "temas", "temas"}},
	{"years", [3]string{"years", "años", "anos"}},
}

func segment(key string, li int) string {
	for _, s := range segments {
		if s.key == key {
			return s.seg[li]
		}
	}
	return key
}

// sectionTitles are the titles of the section intros, per language.
var sectionTitles = map[string][3]string{
	"regions":      {"Regions", "Regiones", "Regiões"},
	"events":       {"Events", "Eventos", "Eventos"},
	"newsletters":  {"Newsletters", "Boletines", "Boletins"},
	"case-studies": {"Case studies", "Estudios de caso", "Estudos de caso"},
}

type theme struct {
	key  string
	name [3]string
}

// themes is the vocabulary of twelve themes of site.yaml.
var themes = []theme{
	{"urban-mobility", [3]string{"Urban mobility", "Movilidad urbana", "Mobilidade urbana"}},
	{"smart-cities", [3]string{"Smart cities", "Ciudades inteligentes", "Cidades inteligentes"}},
	{"urban-regeneration", [3]string{"Urban regeneration", "Regeneración urbana", "Regeneração urbana"}},
	{"circular-economy", [3]string{"Circular economy", "Economía circular", "Economia circular"}},
	{"sustainable-cities", [3]string{"Sustainable cities", "Ciudades sostenibles", "Cidades sustentáveis"}},
	{"climate-action", [3]string{"Climate action", "Acción por el clima", "Ação climática"}},
	{"innovation-growth", [3]string{"Innovation and growth", "Innovación y crecimiento", "Inovação e crescimento"}},
	{"cross-border", [3]string{"Cross-border cooperation", "Cooperación transfronteriza", "Cooperação transfronteiriça"}},
	{"innovation", [3]string{"Innovation", "Innovación", "Inovação"}},
	{"value-chains", [3]string{"Value chains", "Cadenas de valor", "Cadeias de valor"}},
	{"gender-equality", [3]string{"Gender equality", "Igualdad de género", "Igualdade de gênero"}},
	{"digital-skills", [3]string{"Digital skills", "Competencias digitales", "Competências digitais"}},
}

type country struct {
	code string
	name [3]string
}

var countries = []country{
	{"MX", [3]string{"Mexico", "México", "México"}},
	{"GT", [3]string{"Guatemala", "Guatemala", "Guatemala"}},
	{"CO", [3]string{"Colombia", "Colombia", "Colômbia"}},
	{"EC", [3]string{"Ecuador", "Ecuador", "Equador"}},
	{"PE", [3]string{"Peru", "Perú", "Peru"}},
	{"CL", [3]string{"Chile", "Chile", "Chile"}},
	{"AR", [3]string{"Argentina", "Argentina", "Argentina"}},
	{"PY", [3]string{"Paraguay", "Paraguay", "Paraguai"}},
	{"BR", [3]string{"Brazil", "Brasil", "Brasil"}},
	{"BO", [3]string{"Bolivia", "Bolivia", "Bolívia"}},
	{"UY", [3]string{"Uruguay", "Uruguay", "Uruguai"}},
	{"CR", [3]string{"Costa Rica", "Costa Rica", "Costa Rica"}},
	{"PA", [3]string{"Panama", "Panamá", "Panamá"}},
	{"HN", [3]string{"Honduras", "Honduras", "Honduras"}},
	{"SV", [3]string{"El Salvador", "El Salvador", "El Salvador"}},
	{"ES", [3]string{"Spain", "España", "Espanha"}},
	{"IT", [3]string{"Italy", "Italia", "Itália"}},
	{"PT", [3]string{"Portugal", "Portugal", "Portugal"}},
	{"FR", [3]string{"France", "Francia", "França"}},
	{"DE", [3]string{"Germany", "Alemania", "Alemanha"}},
}

// regionPairs are the countries of the twenty regions, by code.
var regionPairs = [][]string{
	{"MX", "GT"}, {"CO", "EC"}, {"CO", "PE"}, {"PE", "CL"}, {"EC", "PE"},
	{"AR", "PY", "BR"}, {"BO", "PE"}, {"AR", "CL"}, {"BR", "UY"}, {"CR", "PA"},
	{"GT", "HN"}, {"HN", "SV"}, {"MX", "ES"}, {"CO", "IT"}, {"BR", "PT"},
	{"CL", "FR"}, {"AR", "DE"}, {"PE", "ES"}, {"UY", "IT"}, {"PA", "PT"},
}

var programmes = []string{"INNOVACT", "IUC-LAC", "IURC"}

var cities = []string{
	"Cartagena", "Málaga", "Barranquilla", "Turin", "Buenos Aires", "Lisbon", "Porto Alegre",
	"Medellín", "Bilbao", "Curitiba", "Valparaíso", "Lyon", "Montevideo", "Bologna", "Quito",
	"Seville", "Guadalajara", "Hamburg", "Cusco", "Rosario", "Recife", "Marseille", "Córdoba",
	"Valencia", "San José", "Panama City", "Tegucigalpa", "Antigua", "Arequipa", "Florianópolis",
}

var partners = []string{
	"City Council of %s", "Chamber of Commerce of %s", "University of %s", "Regional Development Agency of %s",
	"Innovation Cluster of %s", "Metropolitan Transport Authority of %s", "Water Utility of %s",
}

// words holds the phrases bodies and titles are made of, per language.
type words struct {
	subjects, verbs, objects, places, connectors []string
	headings                                     []string
	titleHeads, titleTails                       []string
	eventHeads, newsHeads, caseHeads             []string
	tableHead                                    [3]string
	quoteBy, see, related                        string
	footnote                                     []string
}

var vocab = [3]words{
	{ // en
		subjects:   []string{"The pairing", "The city council", "The regional authority", "The programme team", "A local partner", "The cross-border committee", "The municipal team", "A civil society group", "The working group", "The business association"},
		verbs:      []string{"developed", "presented", "reviewed", "agreed on", "launched", "discussed", "completed", "tested", "published", "shared"},
		objects:    []string{"an urban cooperation action plan", "a pilot project", "a smart specialisation strategy", "a mobility survey", "the results of the first phase", "a shared data platform", "a training programme", "a circular economy roadmap", "a set of indicators", "the joint work plan"},
		places:     []string{"during a workshop", "at the annual meeting", "in an online session", "with support from the European Union", "after two study visits", "in the border region", "with the participation of universities", "over several months"},
		connectors: []string{"In addition,", "As a result,", "Meanwhile,", "Following this,", "At the same time,", "In the second phase,"},
		headings:   []string{"Background", "What was done", "Results", "Next steps", "Partners", "Lessons learned", "Funding", "Timeline"},
		titleHeads: []string{"Cooperation on", "A roadmap for", "Workshop on", "Lessons in", "New partners for", "Progress in", "Dialogue on", "Pilot results for"},
		titleTails: []string{"urban mobility", "the circular economy", "smart specialisation", "climate resilience", "water management", "public space", "digital services", "regional innovation"},
		eventHeads: []string{"Workshop", "Conference", "Study visit", "Webinar", "Forum"},
		newsHeads:  []string{"Newsletter", "Bulletin", "Update"},
		caseHeads:  []string{"Case study", "Pairing", "Pilot"},
		tableHead:  [3]string{"Year", "City", "Participants"},
		quoteBy:    "said one of the participants",
		see:        "See also",
		related:    "Related pages",
		footnote:   []string{"Figures reported by the programme team.", "According to the final report of the pairing.", "Data from the regional statistics office."},
	},
	{ // es
		subjects:   []string{"El par de ciudades", "El ayuntamiento", "La autoridad regional", "El equipo del programa", "Un socio local", "El comité transfronterizo", "El equipo municipal", "Una organización de la sociedad civil", "El grupo de trabajo", "La asociación empresarial"},
		verbs:      []string{"desarrolló", "presentó", "revisó", "acordó", "lanzó", "debatió", "completó", "probó", "publicó", "compartió"},
		objects:    []string{"un plan de acción de cooperación urbana", "un proyecto piloto", "una estrategia de especialización inteligente", "una encuesta de movilidad", "los resultados de la primera fase", "una plataforma de datos compartida", "un programa de formación", "una hoja de ruta de economía circular", "un conjunto de indicadores", "el plan de trabajo conjunto"},
		places:     []string{"durante un taller", "en la reunión anual", "en una sesión en línea", "con el apoyo de la Unión Europea", "tras dos visitas de estudio", "en la región fronteriza", "con la participación de universidades", "a lo largo de varios meses"},
		connectors: []string{"Además,", "Como resultado,", "Mientras tanto,", "A continuación,", "Al mismo tiempo,", "En la segunda fase,"},
		headings:   []string{"Antecedentes", "Qué se hizo", "Resultados", "Próximos pasos", "Socios", "Lecciones aprendidas", "Financiación", "Cronología"},
		titleHeads: []string{"Cooperación en", "Una hoja de ruta para", "Taller sobre", "Lecciones de", "Nuevos socios para", "Avances en", "Diálogo sobre", "Resultados piloto de"},
		titleTails: []string{"movilidad urbana", "la economía circular", "especialización inteligente", "resiliencia climática", "gestión del agua", "espacio público", "servicios digitales", "innovación regional"},
		eventHeads: []string{"Taller", "Conferencia", "Visita de estudio", "Seminario web", "Foro"},
		newsHeads:  []string{"Boletín", "Noticias", "Actualización"},
		caseHeads:  []string{"Estudio de caso", "Par de ciudades", "Piloto"},
		tableHead:  [3]string{"Año", "Ciudad", "Participantes"},
		quoteBy:    "dijo uno de los participantes",
		see:        "Véase también",
		related:    "Páginas relacionadas",
		footnote:   []string{"Cifras comunicadas por el equipo del programa.", "Según el informe final del par de ciudades.", "Datos de la oficina regional de estadística."},
	},
	{ // pt
		subjects:   []string{"A parceria", "A câmara municipal", "A autoridade regional", "A equipe do programa", "Um parceiro local", "O comitê transfronteiriço", "A equipe municipal", "Uma organização da sociedade civil", "O grupo de trabalho", "A associação empresarial"},
		verbs:      []string{"desenvolveu", "apresentou", "revisou", "acordou", "lançou", "debateu", "concluiu", "testou", "publicou", "compartilhou"},
		objects:    []string{"um plano de ação de cooperação urbana", "um projeto piloto", "uma estratégia de especialização inteligente", "uma pesquisa de mobilidade", "os resultados da primeira fase", "uma plataforma de dados compartilhada", "um programa de formação", "um roteiro de economia circular", "um conjunto de indicadores", "o plano de trabalho conjunto"},
		places:     []string{"durante uma oficina", "na reunião anual", "em uma sessão on-line", "com o apoio da União Europeia", "após duas visitas de estudo", "na região de fronteira", "com a participação de universidades", "ao longo de vários meses"},
		connectors: []string{"Além disso,", "Como resultado,", "Enquanto isso,", "Em seguida,", "Ao mesmo tempo,", "Na segunda fase,"},
		headings:   []string{"Contexto", "O que foi feito", "Resultados", "Próximos passos", "Parceiros", "Lições aprendidas", "Financiamento", "Cronologia"},
		titleHeads: []string{"Cooperação em", "Um roteiro para", "Oficina sobre", "Lições de", "Novos parceiros para", "Avanços em", "Diálogo sobre", "Resultados piloto de"},
		titleTails: []string{"mobilidade urbana", "a economia circular", "especialização inteligente", "resiliência climática", "gestão da água", "espaço público", "serviços digitais", "inovação regional"},
		eventHeads: []string{"Oficina", "Conferência", "Visita de estudo", "Webinário", "Fórum"},
		newsHeads:  []string{"Boletim", "Notícias", "Atualização"},
		caseHeads:  []string{"Estudo de caso", "Parceria", "Piloto"},
		tableHead:  [3]string{"Ano", "Cidade", "Participantes"},
		quoteBy:    "disse um dos participantes",
		see:        "Veja também",
		related:    "Páginas relacionadas",
		footnote:   []string{"Números informados pela equipe do programa.", "Segundo o relatório final da parceria.", "Dados do escritório regional de estatística."},
	},
}

// standalone pages: file slug, then title and localized slug per language.
var standalone = []struct {
	slug   string
	titles [3]string
	slugs  [3]string
}{
	{"about", [3]string{"About the programmes", "Acerca de los programas", "Sobre os programas"}, [3]string{"", "acerca-de", "sobre"}},
	{"contact", [3]string{"Contact", "Contacto", "Contato"}, [3]string{"", "contacto", "contato"}},
	{"privacy", [3]string{"Privacy", "Privacidad", "Privacidade"}, [3]string{"", "privacidad", "privacidade"}},
	{"accessibility", [3]string{"Accessibility", "Accesibilidad", "Acessibilidade"}, [3]string{"", "accesibilidad", "acessibilidade"}},
}
