"""``zappi-ocpp demo``: the simulator, a local Central System and the bridge on loopback,
playing a scripted session (:mod:`runtime.demo.script`) and printing its timeline
(:mod:`runtime.demo.main`); :mod:`runtime.demo.csms` is the demo's Central System."""
