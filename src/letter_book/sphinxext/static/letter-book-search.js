// letter-book: search result summaries come from the text only.
// Sphinx takes a result's summary from the page's [role="main"] element, which
// in sphinx-book-theme also holds the theme's buttons and menus ("Clair",
// "Sombre", "Contenu"...): give Sphinx the article alone.
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined" || !Search.htmlToText) return;
  const htmlToText = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    const article = page.querySelector("article.bd-article");
    if (!article) return htmlToText(htmlString, anchor);
    const main = page.createElement("div");
    main.setAttribute("role", "main");
    main.append(article);
    return htmlToText(main.outerHTML, anchor);
  };
});
