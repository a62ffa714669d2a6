// Turns every <textarea class="rich-text"> into a small WYSIWYG editor (pell). The textarea
// stays in the form and receives the HTML, which the server sanitises; without JavaScript
// the textarea works as it is.
(function () {
  if (!window.pell) { return; }
  var names = {
    da: {bold: "Fed", italic: "Kursiv", heading2: "Overskrift", olist: "Nummereret liste",
         ulist: "Punktliste", link: "Link", url: "Indtast linkets adresse"},
    sv: {bold: "Fet", italic: "Kursiv", heading2: "Rubrik", olist: "Numrerad lista",
         ulist: "Punktlista", link: "Länk", url: "Ange länkens adress"},
    en: {bold: "Bold", italic: "Italic", heading2: "Heading", olist: "Numbered list",
         ulist: "Bulleted list", link: "Link", url: "Enter the link's address"}
  }[document.documentElement.lang] || null;
  names = names || {bold: "Bold", italic: "Italic", heading2: "Heading", olist: "Numbered list",
                    ulist: "Bulleted list", link: "Link", url: "Enter the link's address"};
  var actions = ["bold", "italic", "heading2", "olist", "ulist"].map(function (name) {
    return {name: name, title: names[name]};
  });
  actions.push({
    name: "link", title: names.link, icon: "&#128279;",
    result: function () {
      var url = window.prompt(names.url);
      if (url) { window.pell.exec("createLink", url); }
    }
  });
  document.querySelectorAll("textarea.rich-text").forEach(function (textarea) {
    var holder = document.createElement("div");
    holder.className = "rich-text-editor";
    textarea.parentNode.insertBefore(holder, textarea);
    var editor = window.pell.init({
      element: holder,
      defaultParagraphSeparator: "p",
      styleWithCSS: false,
      actions: actions,
      onChange: function (html) { textarea.value = html; }
    });
    editor.content.innerHTML = textarea.value;
    editor.content.setAttribute("role", "textbox");
    editor.content.setAttribute("aria-multiline", "true");
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    if (label) { editor.content.setAttribute("aria-label", label.textContent.trim()); }
    // The accessible name starts with what the button shows ("B", "H2"), then says it in words.
    editor.querySelectorAll("button").forEach(function (button) {
      button.setAttribute("aria-label", (button.textContent.trim() + " " + button.title).trim());
    });
    textarea.hidden = true;
  });
})();
