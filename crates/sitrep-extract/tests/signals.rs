//! Structural signals that pick or trim the story, each on a small page
//! written for the test (several languages and site shapes).

use sitrep_core::{Document, RawBody, RawDoc};
use sitrep_extract::{extract, ExtractOptions};

fn extract_page(source: &str, html: &str) -> Document {
    let raw = RawDoc {
        source: source.into(),
        id: None,
        url: None,
        date: None,
        body: RawBody::Html(html.to_string()),
    };
    extract(&raw, &ExtractOptions::default()).expect("extracts")
}

/// A list of teasers (headline link, then a summary without links) after
/// the story; `n` of them.
fn teasers(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "<li><h5><a href=\"/outra-{i}\">Outra notícia número {i} da semana</a></h5>\
                 <div>Resumo da outra notícia {i}: o governo anunciou novas medidas para o \
                 setor de transportes, e os sindicatos responderam com uma greve marcada \
                 para o fim do mês, segundo fontes ouvidas pela reportagem.</div></li>"
            )
        })
        .collect()
}

#[test]
fn declared_article_body_trims_a_teaser_list_after_it() {
    let html = format!(
        "<!doctype html><html lang=\"pt\"><head><title>Chuvas</title></head><body>\
         <main><article itemscope itemtype=\"http://schema.org/NewsArticle\">\
         <h1 itemprop=\"headline\">Chuvas deixam cidades isoladas no sul</h1>\
         <div itemprop=\"articleBody\">\
         <p>As chuvas que atingiram o sul do estado nesta semana deixaram ao menos \
         seis cidades isoladas, segundo a defesa civil, que pediu aos moradores que \
         evitem as estradas até a água baixar.</p>\
         <p>Equipes de resgate usaram barcos para retirar famílias das áreas mais \
         baixas, e abrigos foram montados em escolas e ginásios das cidades vizinhas.</p>\
         <p>O governo estadual prometeu liberar recursos de emergência ainda nesta \
         sexta-feira para a reconstrução de pontes e estradas danificadas.</p>\
         </div></article>\
         <ul class=\"lista\">{}</ul></main></body></html>",
        teasers(6)
    );
    let doc = extract_page("chuvas.html", &html);
    assert!(doc.text.contains("seis cidades isoladas"), "{}", doc.text);
    assert!(doc.text.contains("pontes e estradas danificadas"));
    assert!(!doc.text.contains("Resumo da outra"), "{}", doc.text);
}

#[test]
fn an_embedded_post_in_a_social_wrapper_is_kept_and_the_share_bar_is_not() {
    let html = "<!doctype html><html lang=\"ru\"><head><title>Мост</title></head><body>\
        <article><h1>Мост закрыли после обстрела</h1>\
        <div class=\"social-share\"><a href=\"/s/vk\">ВКонтакте</a> \
        <a href=\"/s/tg\">Телеграм</a></div>\
        <p>Движение по мосту через реку закрыли в понедельник после ночного обстрела, \
        сообщили местные власти, добавив, что ремонт займёт не меньше недели.</p>\
        <p>Жители обсуждали новость в соцсетях весь день.</p>\
        <div class=\"social-embed\"><blockquote class=\"post\"><p>Мост снова закрыт, \
        объезд через соседний район занимает два часа, автобусы не ходят.</p>\
        — Иван (@ivan) <a href=\"/status/1\">12 мая</a></blockquote></div>\
        <p>Власти пообещали пустить дополнительные автобусы по объездной дороге \
        уже к среде и открыть временную переправу.</p></article></body></html>";
    let doc = extract_page("most.html", html);
    assert!(
        doc.text.contains("объезд через соседний район"),
        "{}",
        doc.text
    );
    assert!(doc.text.contains("временную переправу"));
    assert!(!doc.text.contains("Телеграм"), "{}", doc.text);
}
