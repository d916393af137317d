"""Spanish texts of the demo company (Acme Iberia, Madrid and Barcelona offices)."""

from __future__ import annotations

from governance.demo.docs_es import DOCS_ES
from governance.demo.templates import LanguagePack, MailTemplate, TicketTemplate

NOTES = (
    "Durante el primer trimestre le tutorizó {m}.",
    "Sustituye a {m} durante sus vacaciones.",
    "Traslado desde la oficina de Barcelona en primavera.",
    "Prefiere el correo electrónico para organizar reuniones.",
    "Ha completado el curso de prevención de riesgos laborales.",
    "Comparte las guardias con {m}.",
    "Depende de {m}; evaluación trimestral pendiente.",
    "Jornada reducida hasta nuevo aviso.",
    "Teletrabajo; entregó la tarjeta de acceso a {m}.",
    "Ascenso tras el proyecto de migración de Lisboa.",
)

TICKETS = (
    TicketTemplate(
        subject="Cobro duplicado del pedido {order}",
        bodies=(
            "Hola, soy {c}. Me habéis cobrado dos veces el pedido {order} en la tarjeta {card}. "
            "¿Podéis devolverme el importe duplicado? Mi teléfono es el {c_phone} y mi correo, "
            "{c_email}.\n\nGracias,\n{c}",
            "Buenos días:\n\nEn el extracto de la tarjeta {card} aparecen dos cargos iguales del "
            "pedido {order}. ¿Me lo podéis revisar? Podéis llamarme al {c_phone}.\n\n{c}",
        ),
        replies=(
            "Hola, {c_first}:\n\nGracias por avisarnos. Ya hemos tramitado la devolución del cargo "
            "duplicado del pedido {order}; lo verás reflejado en un plazo de cinco días hábiles."
            "\n\nUn saludo,\n{a}\nAtención al Cliente de Acme Iberia",
            "Estimado/a {c}:\n\nLamentamos las molestias. El segundo cargo fue un error del "
            "sistema de pagos y ya está anulado.\n\nAtentamente,\n{a} ({a_email})",
        ),
    ),
    TicketTemplate(
        subject="Cambio de dirección de envío",
        bodies=(
            "Hola, me mudé el mes pasado a {c_street}, {c_city}, y las facturas siguen llegando "
            "a la dirección antigua. ¿Podéis actualizar mi cuenta ({c_email})? Teléfono: "
            "{c_phone}.\n\n{c}",
            "Buenas tardes, soy {c}. Mi nueva dirección es {c_street}, {c_city}. Por favor, "
            "enviad allí los próximos pedidos. Mi correo es {c_email} por si necesitáis "
            "confirmarlo.",
        ),
        replies=(
            "Hola, {c_first}:\n\nHecho: tu cuenta ya tiene {c_street} como dirección de envío."
            "\n\nSaludos cordiales,\n{a}",
            "Hola, {c}:\n\nHe actualizado tus datos. Si ves algo más que no cuadre, llámame "
            "directamente al {a_phone}.\n\nUn saludo,\n{a}",
        ),
    ),
    TicketTemplate(
        subject="Cuenta bloqueada tras varios intentos de acceso",
        bodies=(
            "Desde ayer no puedo entrar. El portal dice que mi cuenta se bloqueó por demasiados "
            "intentos desde la IP {ip}, pero esa no es mi conexión. ¿Me podéis llamar al "
            "{c_phone}?\n\nSaludos,\n{c} ({c_email})",
            "Hola, me han bloqueado la cuenta ({c_email}). El aviso menciona un acceso desde "
            "{ip}. Vivo en {c_street}, {c_city}, y nunca he usado esa red.\n{c}",
        ),
        replies=(
            "Hola, {c_first}. Soy {a}, del equipo de soporte. He desbloqueado tu cuenta y "
            "bloqueado la IP {ip}. Te recomendamos cambiar la contraseña al volver a entrar."
            "\n\n{a}",
            "Hola, {c}: gracias por avisar. La cuenta ya está desbloqueada y hemos informado al "
            "equipo de seguridad. {a2}, de mi equipo, te escribirá si necesitamos más datos."
            "\n\n{a}",
        ),
    ),
    TicketTemplate(
        subject="No he recibido el pedido {order}",
        bodies=(
            "Buenos días, soy {c}. El paquete del pedido {order} nunca llegó a {c_street}, "
            "{c_city}, aunque el seguimiento dice que se entregó. Quiero que me lo reenviéis o "
            "que me devolváis el dinero a la tarjeta {card}. Correo: {c_email}",
            "Hola, el pedido {order} aparece como entregado, pero no ha llegado nada. Mi "
            "dirección es {c_street}, {c_city}. Llamadme al {c_phone}, por favor. Gracias, {c}",
        ),
        replies=(
            "Hola, {c}, sentimos las molestias. He abierto una reclamación con la empresa de "
            "transporte y {a2}, de mi equipo, te llamará mañana al {c_phone}.\n\nUn saludo,\n{a}",
            "Hola, {c_first}:\n\nHoy mismo enviamos un pedido de reposición a {c_street}.\n\n"
            "Saludos,\n{a}\nAtención al Cliente de Acme Iberia",
        ),
    ),
    TicketTemplate(
        subject="Baja de la suscripción y devolución del saldo",
        bodies=(
            "Buenas tardes:\n\nQuiero darme de baja de la suscripción y que me transfiráis el "
            "saldo pendiente a mi cuenta {c_iban}. Mi teléfono es el {c_phone}.\n\nUn saludo,\n"
            "{c}",
            "Por favor, cerrad mi cuenta ({c_email}) y devolvedme el saldo al IBAN {c_iban}. "
            "Titular: {c}.",
        ),
        replies=(
            "Hola, {c_first}:\n\nHemos cancelado tu suscripción y el saldo se transferirá en un "
            "plazo de diez días.\n\nUn saludo,\n{a}",
            "Estimado/a {c}:\n\nHemos tramitado la baja. Si cambias de opinión, escríbenos a "
            "{a_email}.\n\nAtentamente,\n{a}",
        ),
    ),
    TicketTemplate(
        subject="Sin acceso al espacio de trabajo compartido",
        bodies=(
            "Hola, os escribo en nombre de {c2} ({c2_email}), de mi equipo, que no puede abrir el "
            "espacio de trabajo compartido. Nuestra oficina está en {c_street}, {c_city}. Me "
            "podéis localizar en el {c_phone}.\n\n{c}",
            "Hola, {c2} se ha incorporado esta semana al equipo y todavía no tiene acceso. "
            "¿Podéis añadir {c2_email} al espacio de trabajo? Gracias, {c} ({c_phone})",
        ),
        replies=(
            "Hola, {c_first}:\n\n{c2} ya tiene acceso al espacio de trabajo. La invitación puede "
            "tardar unos minutos en llegar.\n\nUn saludo,\n{a}",
            "Hola, {c}:\n\nHe enviado una nueva invitación a {c2_email}. Si no le llega, podéis "
            "contactar con {a2}, de nuestro equipo.\n\nSaludos,\n{a}",
        ),
    ),
)

MAILS = (
    MailTemplate(
        subject="Incorporación el próximo lunes",
        body="Hola, {r_first}:\n\nTal como hablamos, {x} se incorpora a la sesión de acogida del "
        "lunes a las 9:30. Puedes contactar con {x_first} en el {x_phone} o en {x_email}.\n\n"
        "La sesión será en la oficina central, {office}.\n\nGracias,\n{s}\n{s_phone}",
    ),
    MailTemplate(
        subject="Seguimiento de la factura en disputa",
        body="Hola, {r}:\n\nEsta mañana he hablado con {y}, de cuentas a pagar. La factura en "
        "disputa se abonará esta semana. Si necesitas los detalles, llama a {y_first} al "
        "{y_phone}.\n\nUn saludo,\n{s}",
    ),
    MailTemplate(
        subject="Mudanza de la oficina",
        body="Hola a todos:\n\nEl día 15 nos trasladamos a {office}. Las peticiones de puesto "
        "se envían a {x} ({x_email}). Las tarjetas de aparcamiento las gestiona {y}, en la "
        "tercera planta.\n\nUn saludo,\n{s}",
    ),
    MailTemplate(
        subject="Solicitud de referencias",
        body="Estimado/a {r}:\n\nGracias por aceptar dar referencias de {x}. En su candidatura "
        "figura la dirección {x_street}, {x_city}, y el teléfono {x_phone}. ¿Nos podría "
        "confirmar que trabajaron juntos entre 2019 y 2022?\n\nAtentamente,\n{s}\n"
        "Departamento de Personas",
    ),
)

PACK = LanguagePack(
    lang="es",
    departments=("Finanzas", "Ingeniería", "Ventas", "Soporte", "Legal", "Marketing", "Personas"),
    notes=NOTES,
    tickets=TICKETS,
    mails=MAILS,
    docs=DOCS_ES,
    salary_range=(24_000, 86_000),
)
