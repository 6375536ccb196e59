// Videos in a page's text are links to the video's page (see package
// markdown): they work without JavaScript and ask nothing of YouTube or
// Vimeo until followed. On a click, this puts the player in the link's
// place, from the site's privacy-friendly domain (youtube-nocookie.com,
// player.vimeo.com with dnt=1).
(function () {
  "use strict";
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a.embed-link[data-player]");
    if (!a || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
    ev.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = a.dataset.player;
    frame.title = a.textContent.trim();
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    var box = document.createElement("div");
    box.className = "embed-frame";
    box.appendChild(frame);
    a.parentNode.replaceChild(box, a);
    frame.focus();
  });
})();
