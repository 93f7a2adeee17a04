/* The player page: a full-screen button for the lecture's frame (phones give the
   lecture the whole screen, turned sideways if the learner wishes). */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var button = document.getElementById("player-fullscreen");
  if (!button) return;
  var target = document.getElementById(button.getAttribute("data-target"));
  if (!target.requestFullscreen && !target.webkitRequestFullscreen) { button.hidden = true; return; }
  button.addEventListener("click", function () {
    if (target.requestFullscreen) target.requestFullscreen(); else target.webkitRequestFullscreen();
  });
});
