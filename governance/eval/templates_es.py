"""Spanish evaluation templates: correo de soporte, RR. HH., chats, formularios, incidencias."""

TEMPLATES_ES = (
    "Hola, soy {name}. Mi DNI es {dni} y mi teléfono {phone}. Escribidme a {email}, por favor.",
    "Estimado/a {name}:\n\nHemos devuelto {amount} a la tarjeta "
    "{card}.\n\nAtentamente,\n{name2}\nAtención al Cliente",
    "Ficha de empleado: {name}, NIE {nie}, {age}. Nómina domiciliada en {iban}.",
    "{first} se ha mudado a {street}, {zip} {city}, y pide que actualicemos la dirección de envío.",
    "La Dra. {last} atenderá al paciente a las 10:30; avisad a {first} al {phone} si hay retraso.",
    "Acceso desde la IP {ip} a la cuenta {email}. Si no fue {first}, bloquead la cuenta "
    "(incidencia {ticket}).",
    "Acta del {date}: {name} presentó el presupuesto; {name2} hará el seguimiento. El "
    "borrador de {first2} vence el viernes.",
    "Enviad el contrato a {name}, {street}, C.P. {zip} {city}. Teléfono: {phone}.",
    "[09:41] {first}: ¿podéis restablecer mi contraseña?\n[09:42] agente: claro, ¿tu "
    "correo sigue siendo {email}?\n[09:43] {first}: sí",
    "El pedido {order} por {amount} se cobró en la tarjeta {card}. Titular: {name}.",
    "Datos de envío\nNombre: {name}\nDirección: {street}\nCiudad: {city}\nCódigo postal: "
    "{zip}\nTeléfono: {phone}",
    "La Sra. {last} preguntó si {name2} podía cubrir su turno; {first2} aceptó por correo "
    "({email2}).",
    "Alta de proveedor: {name}, NIF {dni}, cuenta {ccc}. Contacto: {email}.",
    "Alerta del cortafuegos: fallos repetidos desde {ip} contra la versión {ver}. "
    "Responsable: {name}.",
    "Transferencia de {amount} desde {iban} aprobada por {name}. Dudas a {email}.",
    "Hola, {first}:\n\nGracias por la actualización de la versión {ver}. Le pediré a "
    "{name2} que la revise.\n\nUn saludo,\n{name}",
    "Candidato: {name}, {age}, vive en {street}, {city}. Correo {email}, móvil {phone}.",
    "Incidencia {ticket}: {name} indica que el pedido {order} nunca llegó a {street}.",
    "D. {last} llamó desde el {phone}; enviará por correo postal su número de cuenta {ccc}.",
    "El informe trimestral vence el {date}. El gasto total fue de {amount} entre 14 proveedores.",
    "Asignación de mentores: {name} -> {name2}. Preguntas a {email2}.",
    "Registro de visitas {date}: {name} (tarjeta {ticket}) acompañado por {first2}. "
    "Documento {nie}.",
)
