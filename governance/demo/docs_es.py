"""Spanish internal documents; same slots as ``docs_en``."""

from __future__ import annotations

from governance.demo.templates import DocTemplate

DOCS_ES = (
    DocTemplate(
        kind="acta",
        title="Acta de la reunión semanal de operaciones, {date}",
        sections=(
            ("Asistentes", ("- {p1} (preside)", "- {p2}", "- {p3}", "- {p4} (secretaría)")),
            (
                "Acuerdos",
                (
                    "La cola de soporte baja a 42 incidencias. {p2} publicará el nuevo turno de "
                    "escalado antes del viernes.",
                    "Las reservas de puesto en {office}, {office_city}, pasan a la nueva "
                    "herramienta el mes que viene.",
                ),
            ),
            (
                "Tareas pendientes",
                (
                    "- {p3}: confirmar con Legal el contrato del proveedor.",
                    "- {p1_first}: compartir el borrador del presupuesto del tercer trimestre.",
                    "- {p4}: enviar el acta al equipo ({p4_email}).",
                ),
            ),
        ),
    ),
    DocTemplate(
        kind="acogida",
        title="Guía de acogida para el equipo de soporte",
        sections=(
            (
                "Tu primera semana",
                (
                    "¡Bienvenido/a a Acme Iberia! Tu persona de referencia es {p1}; puedes "
                    "llamarle al {p1_phone} o escribirle a {p1_email}. Recoge tu tarjeta en la "
                    "recepción de {office}.",
                ),
            ),
            (
                "A quién preguntar",
                (
                    "- Portátiles y cuentas: {p2} ({p2_email})",
                    "- Nóminas y beneficios: {p3}, teléfono {p3_phone}",
                    "- Acceso al edificio fuera de horario: {p4}",
                ),
            ),
            ("Consejos", ("Los jueves comemos juntos. {p5} mantiene el calendario al día.",)),
        ),
    ),
    DocTemplate(
        kind="plan-proyecto",
        title="Plan de proyecto: migración del portal de clientes",
        sections=(
            (
                "Resumen",
                (
                    "Trasladamos el portal de clientes a la nueva plataforma antes de que acabe "
                    "el trimestre. Patrocinio: {p1}. Dirección del proyecto: {p2} ({p2_phone}).",
                ),
            ),
            (
                "Hitos",
                (
                    "- Revisión del diseño el {date}, a cargo de {p3}",
                    "- Ensayo de la migración de datos, responsable: {p4}",
                    "- Puesta en producción, con la aprobación de {p1}",
                ),
            ),
            (
                "Riesgos",
                (
                    "Las exportaciones antiguas pueden contener datos de clientes sin "
                    "enmascarar. {p5} ({p5_email}) revisa cada exportación antes de que salga "
                    "de la sala de datos de {office}.",
                ),
            ),
        ),
    ),
    DocTemplate(
        kind="incidente",
        title="Informe de incidente: accesos sospechosos del {date}",
        sections=(
            (
                "Qué ocurrió",
                (
                    "A las 02:14 la monitorización detectó 312 inicios de sesión fallidos desde "
                    "{ip}. {p1} estaba de guardia y bloqueó la dirección a las 02:31.",
                ),
            ),
            (
                "Impacto",
                ("Se bloqueó una cuenta, la de {p2} ({p2_email}). Ningún dato salió de la red.",),
            ),
            (
                "Seguimiento",
                (
                    "- {p3} renueva las credenciales afectadas.",
                    "- {p1_first} llamará a {p2_first} al {p2_phone} para restablecer el acceso.",
                    "- {p4} revisa las reglas del cortafuegos de la oficina de {office_city}.",
                ),
            ),
        ),
    ),
    DocTemplate(
        kind="guia-oficina",
        title="Guía de la oficina de {office_city}",
        sections=(
            (
                "Dirección",
                ("La oficina está en {office}, {office_city}, en la cuarta planta.",),
            ),
            (
                "Contactos",
                (
                    "- Responsable de instalaciones: {p1}, {p1_phone}",
                    "- Primeros auxilios: {p2} y {p3}",
                    "- Correo interno y paquetería: {p4} ({p4_email})",
                ),
            ),
            (
                "Visitas",
                ("Registra a tus visitas con {p5} al menos con un día de antelación.",),
            ),
        ),
    ),
)
