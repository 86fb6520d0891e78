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

#[test]
fn rdfa_article_body_counts_as_declared() {
    let promo: String = (0..6)
        .map(|i| {
            format!(
                "<div class=\"card\"><h3><a href=\"/news/{i}\">다른 기사 {i}번 제목입니다</a></h3>\
                 <p>다른 기사 {i}의 요약입니다. 정부는 내년 예산안을 발표했으며 야당은 \
                 이에 대해 강하게 반발하고 있다고 관계자들이 전했습니다.</p></div>"
            )
        })
        .collect();
    let html = format!(
        "<!doctype html><html lang=\"ko\"><head><title>폭우</title></head><body>\
         <div class=\"page\"><h1>남부 지방 폭우로 도로 통제</h1>\
         <div property=\"schema:articleBody\">\
         <p>남부 지방에 이틀째 폭우가 쏟아지면서 주요 도로 여러 곳이 통제되었다고 \
         당국이 밝혔습니다. 주민들은 외출을 자제해 달라는 요청을 받았습니다.</p>\
         <p>구조대는 저지대 주민 수백 명을 인근 학교와 체육관으로 대피시켰으며, \
         비는 내일 오후까지 이어질 것으로 예보되었습니다.</p></div>\
         {promo}</div></body></html>"
    );
    let doc = extract_page("pokwoo.html", &html);
    assert!(
        doc.text.contains("주요 도로 여러 곳이 통제"),
        "{}",
        doc.text
    );
    assert!(!doc.text.contains("다른 기사"), "{}", doc.text);
}

fn italian_page(lead_in_header: bool) -> String {
    let summary = "Il governo ha approvato il piano per le scuole dopo settimane di trattative";
    let lead = format!("<p>{summary}.</p>");
    let (header_extra, body_first) = if lead_in_header {
        (lead.as_str(), "")
    } else {
        ("", lead.as_str())
    };
    format!(
        "<!doctype html><html lang=\"it\"><head><title>Scuole</title>\
         <meta name=\"description\" content=\"{summary}.\"></head><body><article>\
         <div class=\"testata\"><h1>Scuole, via libera al piano</h1>{header_extra}</div>\
         <div class=\"corpo\">{body_first}\
         <p>Il consiglio dei ministri ha dato il via libera nella notte al piano che \
         prevede nuove assunzioni e fondi per la manutenzione degli edifici scolastici.</p>\
         <p>I sindacati hanno accolto con prudenza la decisione, chiedendo tempi certi \
         per i concorsi e per i lavori nelle scuole delle regioni del sud.</p>\
         </div></article></body></html>"
    )
}

#[test]
fn a_standfirst_beside_the_headline_that_repeats_the_description_is_dropped() {
    let doc = extract_page("scuole.html", &italian_page(true));
    assert!(
        !doc.text.contains("dopo settimane di trattative"),
        "{}",
        doc.text
    );
    assert!(doc.text.contains("via libera nella notte"));
}

#[test]
fn a_lead_paragraph_copied_into_the_description_stays() {
    let doc = extract_page("scuole.html", &italian_page(false));
    assert!(
        doc.text.contains("dopo settimane di trattative"),
        "{}",
        doc.text
    );
}

#[test]
fn a_heading_left_after_the_story_is_dropped() {
    let html = "<!doctype html><html lang=\"ja\"><head><title>台風</title></head><body>\
        <article><h1>台風10号が九州に接近</h1>\
        <p>気象庁によりますと、大型で強い台風10号は、あす朝にかけて九州南部に接近する\
        見込みで、各地で交通機関の運休が決まりました。</p>\
        <p>自治体は早めの避難を呼びかけており、すでに多くの住民が避難所に身を寄せています。</p>\
        <h3>関連タグ</h3>\
        <ul><li><a href=\"/tag/1\">台風</a></li><li><a href=\"/tag/2\">九州</a></li></ul>\
        </article></body></html>";
    let doc = extract_page("taifu.html", html);
    assert!(
        doc.text.contains("避難所に身を寄せています"),
        "{}",
        doc.text
    );
    assert!(!doc.text.contains("関連タグ"), "{}", doc.text);
}
