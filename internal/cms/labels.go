package cms

// What editors read in the forms, per language. Field names come from the
// content schema; a field without a label here shows its name, and a test
// fails until it has one in every language below.

type text map[string]string // language code -> text

// in returns the text in lang, else in English.
func (t text) in(lang string) string {
	if s, ok := t[lang]; ok {
		return s
	}
	return t["en"]
}

type fieldText struct {
	label text
	hint  text
}

var fieldTexts = map[string]fieldText{
	"title": {label: text{"en": "Title", "es": "Título", "pt": "Título"}},
	"summary": {label: text{"en": "Summary", "es": "Resumen", "pt": "Resumo"},
		hint: text{"en": "One or two sentences for lists and link previews.", "es": "Una o dos frases para las listas y las vistas previas de enlaces.", "pt": "Uma ou duas frases para as listas e as pré-visualizações de links."}},
	"date": {label: text{"en": "Publication date", "es": "Fecha de publicación", "pt": "Data de publicação"},
		hint: text{"en": "A date in the future keeps the page unpublished until then.", "es": "Una fecha futura deja la página sin publicar hasta ese día.", "pt": "Uma data futura deixa a página sem publicar até esse dia."}},
	"lastmod": {label: text{"en": "Last updated", "es": "Última actualización", "pt": "Última atualização"},
		hint: text{"en": "Leave empty: the date of the last change is taken from the history.", "es": "Déjelo vacío: se toma la fecha del último cambio del historial.", "pt": "Deixe vazio: a data da última alteração vem do histórico."}},
	"draft": {label: text{"en": "Draft", "es": "Borrador", "pt": "Rascunho"},
		hint: text{"en": "A draft is not published.", "es": "Un borrador no se publica.", "pt": "Um rascunho não é publicado."}},
	"slug": {label: text{"en": "Address (last part)", "es": "Dirección (última parte)", "pt": "Endereço (última parte)"},
		hint: text{"en": "Optional: the last part of this language's address, in lowercase letters, digits and hyphens.", "es": "Opcional: la última parte de la dirección en este idioma, en minúsculas, cifras y guiones.", "pt": "Opcional: a última parte do endereço neste idioma, em minúsculas, algarismos e hífens."}},
	"translationKey": {label: text{"en": "Translation key", "es": "Clave de traducción", "pt": "Chave de tradução"},
		hint: text{"en": "Leave empty: the editor keeps the translations of a page together.", "es": "Déjelo vacío: el editor mantiene juntas las traducciones de una página.", "pt": "Deixe vazio: o editor mantém juntas as traduções de uma página."}},
	"regions": {label: text{"en": "Regions", "es": "Regiones", "pt": "Regiões"},
		hint: text{"en": "The same in every language.", "es": "Las mismas en todos los idiomas.", "pt": "As mesmas em todos os idiomas."}},
	"themes": {label: text{"en": "Themes", "es": "Temas", "pt": "Temas"},
		hint: text{"en": "The same in every language.", "es": "Los mismos en todos los idiomas.", "pt": "Os mesmos em todos os idiomas."}},
	"aliases": {label: text{"en": "Old addresses", "es": "Direcciones antiguas", "pt": "Endereços antigos"},
		hint: text{"en": "Paths on this site that must lead here, like /old/url/.", "es": "Rutas de este sitio que deben llevar aquí, como /antigua/url/.", "pt": "Caminhos deste site que devem levar aqui, como /antigo/url/."}},
	"weight": {label: text{"en": "Order", "es": "Orden", "pt": "Ordem"},
		hint: text{"en": "Optional: smaller numbers come first in lists.", "es": "Opcional: los números menores aparecen antes en las listas.", "pt": "Opcional: os números menores aparecem antes nas listas."}},
	"image": {label: text{"en": "Picture", "es": "Imagen", "pt": "Imagem"},
		hint: text{"en": "Optional: shown at the top of the page and when the page is shared. A JPEG or PNG, ideally under 1 MB.", "es": "Opcional: se muestra al inicio de la página y al compartirla. Un JPEG o PNG, idealmente de menos de 1 MB.", "pt": "Opcional: aparece no início da página e quando ela é partilhada. Um JPEG ou PNG, de preferência com menos de 1 MB."}},
	"imageAlt": {label: text{"en": "Picture description", "es": "Descripción de la imagen", "pt": "Descrição da imagem"},
		hint: text{"en": "What the picture shows, for people who cannot see it. Required with a picture.", "es": "Lo que muestra la imagen, para quien no puede verla. Obligatoria si hay imagen.", "pt": "O que a imagem mostra, para quem não a pode ver. Obrigatória com uma imagem."}},
	"toc": {label: text{"en": "Table of contents", "es": "Índice", "pt": "Índice"},
		hint: text{"en": "Optional: pages with three or more sections get one by themselves; on forces it, off leaves it out.", "es": "Opcional: las páginas con tres secciones o más lo tienen solas; activado lo fuerza, desactivado lo quita.", "pt": "Opcional: as páginas com três secções ou mais têm um sozinhas; ativado força-o, desativado retira-o."}},
	"countries": {label: text{"en": "Countries", "es": "Países", "pt": "Países"}},
	"programme": {label: text{"en": "Programme", "es": "Programa", "pt": "Programa"},
		hint: text{"en": "For example INNOVACT or IUC-LAC.", "es": "Por ejemplo INNOVACT o IUC-LAC.", "pt": "Por exemplo INNOVACT ou IUC-LAC."}},
	"start": {label: text{"en": "Start", "es": "Inicio", "pt": "Início"}},
	"end": {label: text{"en": "End", "es": "Fin", "pt": "Fim"},
		hint: text{"en": "Leave empty for a one-day event.", "es": "Déjelo vacío si el evento dura un día.", "pt": "Deixe vazio se o evento dura um dia."}},
	"attendance": {label: text{"en": "Attendance", "es": "Modalidad", "pt": "Modalidade"},
		hint: text{"en": "In person, online or mixed. Required when the event has no place.", "es": "Presencial, en línea o mixta. Obligatoria si el evento no tiene lugar.", "pt": "Presencial, online ou mista. Obrigatória quando o evento não tem local."}},
	"location": {label: text{"en": "Place", "es": "Lugar", "pt": "Local"},
		hint: text{"en": "City and country, like Bogotá, Colombia.", "es": "Ciudad y país, como Bogotá, Colombia.", "pt": "Cidade e país, como Bogotá, Colômbia."}},
	"venue": {label: text{"en": "Venue", "es": "Sede", "pt": "Sede"}},
	"registration": {label: text{"en": "Registration link", "es": "Enlace de inscripción", "pt": "Link de inscrição"},
		hint: text{"en": "A full https address.", "es": "Una dirección https completa.", "pt": "Um endereço https completo."}},
	"issue": {label: text{"en": "Issue number", "es": "Número", "pt": "Número"}},
	"pdf": {label: text{"en": "PDF", "es": "PDF", "pt": "PDF"},
		hint: text{"en": "The newsletter as a PDF file.", "es": "El boletín en un archivo PDF.", "pt": "O boletim num arquivo PDF."}},
	"cities":   {label: text{"en": "Cities", "es": "Ciudades", "pt": "Cidades"}},
	"partners": {label: text{"en": "Partners", "es": "Socios", "pt": "Parceiros"}},
	"body":     {label: text{"en": "Text", "es": "Texto", "pt": "Texto"}},
}

// patternHint is what the form says when registration is not an https URL.
var patternHint = text{"en": "Write a full address that starts with https://", "es": "Escriba una dirección completa que empiece por https://", "pt": "Escreva um endereço completo que comece por https://"}

type collectionText struct{ plural, singular text }

var collectionTexts = map[string]collectionText{
	"regions":      {text{"en": "Regions", "es": "Regiones", "pt": "Regiões"}, text{"en": "Region", "es": "Región", "pt": "Região"}},
	"events":       {text{"en": "Events", "es": "Eventos", "pt": "Eventos"}, text{"en": "Event", "es": "Evento", "pt": "Evento"}},
	"newsletters":  {text{"en": "Newsletters", "es": "Boletines", "pt": "Boletins"}, text{"en": "Newsletter", "es": "Boletín", "pt": "Boletim"}},
	"case-studies": {text{"en": "Case studies", "es": "Estudios de caso", "pt": "Estudos de caso"}, text{"en": "Case study", "es": "Estudio de caso", "pt": "Estudo de caso"}},
	"pages":        {text{"en": "Pages", "es": "Páginas", "pt": "Páginas"}, text{"en": "Page", "es": "Página", "pt": "Página"}},
}
