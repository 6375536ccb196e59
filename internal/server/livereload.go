package server

// liveReloadScript is injected before </body> of every page that serve
// builds, never by build. It listens for rebuild events: "reload" reloads
// the page, "css" swaps its stylesheets for the rebuilt ones without a
// reload, "errors" shows an overlay listing every problem (as text, so file
// contents can never inject markup), and "ok" after errors removes it.
const liveReloadScript = `<script>(function(){
if(!window.EventSource)return;
var es=new EventSource("/_puente/events"),broken=false,first=true;
function overlay(lines){
var o=document.getElementById("puente-overlay");
if(!o){o=document.createElement("div");o.id="puente-overlay";o.setAttribute("role","alert");
o.style.cssText="position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 monospace;padding:2em;overflow:auto;white-space:pre-wrap";
document.body.appendChild(o);}
o.textContent="";var h=document.createElement("h2");h.textContent="puente: the site did not build";h.style.cssText="font:bold 18px sans-serif;margin:0 0 1em";o.appendChild(h);
lines.forEach(function(l){var p=document.createElement("div");p.className="puente-error";p.textContent=l;o.appendChild(p);});
var n=document.createElement("p");n.textContent="Still showing the last good version. Fix the file and save.";n.style.cssText="font:14px sans-serif;margin-top:1em;color:#ccc";o.appendChild(n);}
es.addEventListener("errors",function(e){broken=true;overlay(JSON.parse(e.data));});
es.addEventListener("ok",function(){var o=document.getElementById("puente-overlay");if(broken&&o){location.reload();}first=false;});
es.addEventListener("reload",function(){location.reload();});
es.addEventListener("css",function(){
var o=document.getElementById("puente-overlay");if(o)o.remove();broken=false;
fetch(location.href,{cache:"no-store"}).then(function(r){return r.text();}).then(function(t){
var doc=new DOMParser().parseFromString(t,"text/html");
var fresh=doc.querySelectorAll('link[rel="stylesheet"]'),old=document.querySelectorAll('link[rel="stylesheet"]');
old.forEach(function(l,i){if(fresh[i]){l.removeAttribute("integrity");l.href=fresh[i].getAttribute("href");}});
});});
})();</script>`
